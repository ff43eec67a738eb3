# The bench's Python yardstick: pdfplumber's extract_tables() on every page of the listed PDFs,
# in N processes.  python3 bench/pdfplumber-tables.py N LIST  (LIST: one path a line).
# A file pdfplumber cannot open is passed over, as tender passes over it with an error.
import sys
from multiprocessing import Pool

import pdfplumber


def tables(path):
    try:
        with pdfplumber.open(path) as pdf:
            return sum(len(page.extract_tables()) for page in pdf.pages)
    except Exception:
        return 0


if __name__ == "__main__":
    workers, listing = int(sys.argv[1]), sys.argv[2]
    with open(listing, encoding="utf-8") as f:
        files = [line.strip() for line in f if line.strip()]
    with Pool(workers) as pool:
        print(sum(pool.imap_unordered(tables, files, chunksize=1)))
