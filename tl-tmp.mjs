const t0 = performance.now();
const api = await import('@duckdb/node-api');
console.log('import duckdb', (performance.now()-t0).toFixed(1));
const C = api.DuckDBConnection.prototype;
for (const m of ['run','runAndReadAll','stream','streamAndReadAll','prepare','streamAndRead','runAndRead']) {
  const orig = C[m]; if (!orig) continue;
  C[m] = async function (...a) { const s = performance.now(); try { return await orig.apply(this, a); } finally { console.log(`${(performance.now()-t0).toFixed(1).padStart(7)} +${(performance.now()-s).toFixed(1).padStart(6)} ${m} ${String(a[0]).replace(/\s+/g,' ').slice(0,90)}`); } };
}
const oc = api.DuckDBInstance.create; api.DuckDBInstance.create = async function(...a){ const s=performance.now(); try { return await oc.apply(this,a);} finally {console.log(`${(performance.now()-t0).toFixed(1)} +${(performance.now()-s).toFixed(1)} create`);} };
const { loadDataset } = await import('/work/main/dist/dataset/load.js');
console.log('import load', (performance.now()-t0).toFixed(1));
const r = await loadDataset('/tmp/st/o');
console.log('done', (performance.now()-t0).toFixed(1), r.ok);
