import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const dir = process.argv[2];
for (const t of ['sites','costs','training','serving','serving_latency','power']) {
  const p = await c.runAndReadAll(`select count(*) as n from read_parquet('${dir}/tables/${t}.parquet')`);
  const q = await c.runAndReadAll(`select count(*) as n from read_csv_auto('${dir}/tables/${t}.csv')`);
  const d = await c.runAndReadAll(`select count(*) as n from (select * from read_parquet('${dir}/tables/${t}.parquet') except select * from read_csv_auto('${dir}/tables/${t}.csv'))`);
  const s = await c.runAndReadAll(`describe select * from read_parquet('${dir}/tables/${t}.parquet')`);
  console.log(t, 'parquet rows', p.getRows()[0][0], 'csv rows', q.getRows()[0][0], 'rows differing', d.getRows()[0][0], s.getRows().map(r => r[0]+':'+r[1]).join(' '));
}
const r = await c.runAndReadAll(`select site, max(facility_w)/1e6 as peak_mw, avg(grid_w)/1e6 as mean_grid_mw from read_parquet('${dir}/tables/power.parquet') group by site`);
console.log(r.getRows());
