// Regenerates test/data/findings-snapshot.json (npx tsx test/helpers/write-findings-snapshot.ts).
// Only when findings are meant to change: the snapshot is the proof that speed work did not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParser } from '../../src/engine';
import { digestAll } from './findings-digest';

void initParser().then(() => {
  const target = join(__dirname, '..', 'data', 'findings-snapshot.json');
  writeFileSync(target, JSON.stringify(digestAll(), null, 1) + '\n');
  console.log(`wrote ${target}`);
});
