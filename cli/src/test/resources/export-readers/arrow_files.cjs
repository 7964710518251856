// Independent reader of mixlab's Hugging Face `datasets` export with the apache-arrow JavaScript
// library: the layout `datasets.load_from_disk` expects (dataset_dict.json; per split state.json,
// dataset_info.json and data-XXXXX-of-NNNNN.arrow IPC stream files) and the rows against the
// Parquet shards'.
//
// usage: NODE_PATH=<dir with apache-arrow> node arrow_files.cjs EXPECTATIONS.json
// EXPECTATIONS.json: {"mixture": dir, "splits": {split: {"rows": file of JSON lines
// [input_ids, source, doc_starts] in stream order (read from the Parquet shards with DuckDB)}}}
'use strict';
const fs = require('fs');
const path = require('path');
const arrow = require('apache-arrow');

let passed = 0;
function check(condition, what) {
  if (!condition) {
    console.log('FAILED: ' + what);
    process.exit(1);
  }
  passed++;
  console.log('ok: ' + what);
}

const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const root = path.join(spec.mixture, 'arrow');
const dict = JSON.parse(fs.readFileSync(path.join(root, 'dataset_dict.json'), 'utf8'));
check(sameJson(dict.splits, Object.keys(spec.splits)), 'dataset_dict.json lists the splits ' + dict.splits);

const tokenList = { feature: { dtype: 'int32', _type: 'Value' }, length: -1, _type: 'Sequence' };
const features = { input_ids: tokenList, source: { dtype: 'string', _type: 'Value' }, doc_starts: tokenList };

for (const [split, want] of Object.entries(spec.splits)) {
  const dir = path.join(root, split);
  const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
  const info = JSON.parse(fs.readFileSync(path.join(dir, 'dataset_info.json'), 'utf8'));
  const files = state._data_files.map((f) => f.filename);
  check(files.length > 0 && files.every((f, i) => f === `data-${String(i).padStart(5, '0')}-of-${String(files.length).padStart(5, '0')}.arrow`),
    `${split}: state.json lists ${files.length} data file(s) named as save_to_disk names them`);
  check(state._split === split && typeof state._fingerprint === 'string' && state._format_type === null
    && state._format_columns === null && state._output_all_columns === false && sameJson(state._format_kwargs, {}),
    `${split}: state.json has the split, a fingerprint and no format`);
  check(sameJson(info.features, features), `${split}: dataset_info.json features are input_ids/source/doc_starts`);

  const expected = fs.readFileSync(want.rows, 'utf8').split('\n').filter((l) => l.length).map((l) => JSON.parse(l));
  let row = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(dir, file));
    // An IPC stream (not the file format): no ARROW1 magic, a continuation marker first.
    check(bytes.readUInt32LE(0) === 0xffffffff && bytes.subarray(0, 6).toString('latin1') !== 'ARROW1',
      `${split}/${file}: an Arrow IPC stream`);
    const reader = arrow.RecordBatchReader.from(bytes);
    check(reader.isStream(), `${split}/${file}: apache-arrow opens it as a stream`);
    const table = new arrow.Table(reader.readAll());
    const fields = table.schema.fields;
    check(sameJson(fields.map((f) => f.name), ['input_ids', 'source', 'doc_starts']), `${split}/${file}: columns input_ids, source, doc_starts`);
    check(arrow.DataType.isList(fields[0].type) && fields[0].type.children[0].name === 'item'
      && arrow.DataType.isInt(fields[0].type.children[0].type) && fields[0].type.children[0].type.bitWidth === 32
      && fields[0].type.children[0].type.isSigned, `${split}/${file}: input_ids is list<item: int32>`);
    check(arrow.DataType.isUtf8(fields[1].type), `${split}/${file}: source is utf8`);
    check(arrow.DataType.isList(fields[2].type) && fields[2].type.children[0].type.bitWidth === 32, `${split}/${file}: doc_starts is list<int32>`);
    const metadata = JSON.parse(table.schema.metadata.get('huggingface'));
    check(sameJson(metadata.info.features, features), `${split}/${file}: the huggingface schema metadata holds the features`);
    const ids = table.getChild('input_ids');
    const sources = table.getChild('source');
    const starts = table.getChild('doc_starts');
    for (let i = 0; i < table.numRows; i++, row++) {
      const [wantIds, wantSource, wantStarts] = expected[row] || [];
      const gotIds = Array.from(ids.get(i).toArray());
      const gotStarts = Array.from(starts.get(i).toArray());
      if (!sameJson(gotIds, wantIds) || sources.get(i) !== wantSource || !sameJson(gotStarts, wantStarts)) {
        check(false, `${split}: row ${row} equals the Parquet shards' row ${row}`);
      }
    }
  }
  check(row === expected.length, `${split}: ${row} rows, values and order equal to the Parquet shards'`);
}
console.log(`${passed} passed, 0 failed`);
