// One line of usage per command, in one place: main prints them without loading the commands.
export const EXTRACT_USAGE =
  'tender extract PATH... [--out DIR] [--concurrency N] [--timeout SECONDS] [--max-memory MB] [--max-file-mb MB] [--ocr auto|off|force] [--ocr-timeout SECONDS] [--force] [--retry-failed] [--quiet] [--no-db]';
export const QUERY_USAGE =
  'tender query "SQL" [--db FILE] [--json|--csv]   (SQL "-" reads it from stdin)';
export const COMPARE_USAGE =
  'tender compare --service KEY [--by agency|project|lot] [--metric total|unit_months] [--db FILE] [--json|--csv]';
export const EXPORT_USAGE =
  'tender export [--parquet DIR [--partition-by province|year|format]] [--csv DIR [--no-bom]] [--xlsx FILE] [--db FILE]';
export const REPORT_USAGE =
  'tender report [--out out/report.html] [--db FILE]';
export const INSPECT_USAGE =
  'tender inspect FILE [--json]   (each table: its kind, the role of each column with its evidence, why each row was or was not an item)';
export const PRICES_USAGE =
  'tender prices [--service KEY] [--by all|region|year|agency] [--db FILE] [--json|--csv]';
export const ENQUEUE_USAGE =
  'tender enqueue PATH... --redis URL [--queue NAME] [--force] [--quiet]';
export const WORKER_USAGE =
  'tender worker --redis URL --out DIR [--concurrency N] [--queue NAME] [--id ID] [--timeout S] [--max-memory MB] [--max-file-mb MB] [--ocr auto|off|force] [--ocr-timeout S] [--lock-duration S] [--stalled-interval S] [--quiet]';
export const STATUS_USAGE =
  'tender status --redis URL [--queue NAME] [--json]';
export const LOAD_USAGE =
  'tender load DIR [--no-db] [--quiet]';
