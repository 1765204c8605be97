// The whole file's vocabulary for a slice (interpreter `vocabulary`: the column names a DataFrame
// parameter no call binds is assumed to carry). A slice sees only its own pieces, so its
// interpreter is handed the whole file's instead: the first sightings of every slice, merged in
// the order the whole file's walk would see them (VocabularyStep). A name first seen in another
// slice has no node in this one: it gets a stand-in that makes the slice fall back to the whole
// file as soon as anything looks at it (a report pointing at it, a fix editing it).
import type { VocabularySource, VocabularyStep } from '../dataflow/interpreter';
import type { SyntaxNode } from '../parser';

/** One first sighting of a name, in file offsets (or a slice's, where stored). */
export interface Sighting extends VocabularyStep {
  name: string;
  start: number;
  end: number;
}

/** The first sightings of the interpreter's first pass over a slice, in the slice's offsets. */
export function sightingsOf(own: ReadonlyMap<string, SyntaxNode>, steps: ReadonlyMap<string, VocabularyStep>): Sighting[] {
  return [...own].map(([name, node]) => {
    const step = steps.get(name) ?? { phase: 4, at: 0, seq: 0 };
    return { name, start: node.startIndex, end: node.endIndex, phase: step.phase, at: step.at, seq: step.seq };
  });
}

/** Sightings moved to the file's offsets. */
export function movedSightings(sightings: readonly Sighting[], move: (o: number) => number): Sighting[] {
  return sightings.map((s) => ({ ...s, start: move(s.start), end: move(s.end), at: move(s.at) }));
}

function before(a: VocabularyStep, b: VocabularyStep): boolean {
  return a.phase !== b.phase ? a.phase < b.phase : a.at !== b.at ? a.at < b.at : a.seq < b.seq;
}

/**
 * The whole file's vocabulary from every slice's sightings (file offsets): each name at its
 * earliest sighting, in walk order. undefined when a sighting happened outside a known step
 * (phase 4), whose place in the walk is not known.
 */
export function mergedVocabulary(slices: Iterable<readonly Sighting[]>): Sighting[] | undefined {
  const first = new Map<string, Sighting>();
  for (const sightings of slices) {
    for (const s of sightings) {
      if (s.phase === 4) return undefined;
      const prev = first.get(s.name);
      if (!prev || before(s, prev)) first.set(s.name, s);
    }
  }
  return [...first.values()].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}

/**
 * What a slice's interpreter is given, as a string: each name in order, with the slice's own
 * sighting when it is the file's (`own`: the slice's sightings in file offsets) or `?` (a
 * stand-in). Two analyses of the same slice handed the same string assume the same columns.
 */
export function vocabularyUse(file: readonly Sighting[], own: readonly Sighting[]): string {
  // the slice's own sighting by its place in the slice's list, not by offset: offsets move with
  // edits elsewhere, the list is the slice's text's
  const mine = new Map(own.map((s, i) => [s.name, { s, i }]));
  return file
    .map((s) => {
      const m = mine.get(s.name);
      return m && m.s.start === s.start && m.s.end === s.end ? `${s.name}@${m.i}` : `${s.name}?`;
    })
    .join('\u0001');
}

/** Thrown by a stand-in node when looked at. */
export class StandInTouched extends Error {}

/** A node of another slice: any look at it marks the slice as needing the whole file. */
function standIn(onTouch: () => void): SyntaxNode {
  // A Proxy, not a node: nothing of another slice's node is known here; any property read means the
  // slice's result could depend on it, so the read is recorded and refused.
  return new Proxy(
    {},
    {
      get: () => {
        onTouch();
        throw new StandInTouched('a column assumed from the file vocabulary is looked at outside its slice');
      },
    },
  ) as unknown as SyntaxNode;
}

/** An empty vocabulary that records whether it was read (after the interpreter's passes). */
class WatchedVocabulary extends Map<string, SyntaxNode> {
  constructor(private readonly onRead: () => void) {
    super();
  }
  override [Symbol.iterator](): MapIterator<[string, SyntaxNode]> {
    this.onRead();
    return super[Symbol.iterator]();
  }
  override entries(): MapIterator<[string, SyntaxNode]> {
    this.onRead();
    return super.entries();
  }
  override get(key: string): SyntaxNode | undefined {
    this.onRead();
    return super.get(key);
  }
  override has(key: string): boolean {
    this.onRead();
    return super.has(key);
  }
}

/** What one slice analysis learnt about the vocabulary through its VocabularySource. */
export interface VocabularyWatch {
  source: VocabularySource;
  /** The slice's own first sightings (slice offsets), once its first pass ran. */
  sightings(): Sighting[] | undefined;
  /** The vocabularyUse handed over after the first pass ('' before). */
  use(): string;
  /** Why the slice's result cannot stand (a stand-in or the after-run vocabulary was looked at). */
  refused(): string | undefined;
}

/**
 * A VocabularySource for a slice: `others()` gives every other slice's sightings in file offsets
 * (undefined when some are not known yet: the use is then marked incomplete and never matches);
 * `move` maps the slice's offsets to the file's.
 */
export function watchVocabulary(others: () => Sighting[][] | undefined, move: (o: number) => number): VocabularyWatch {
  let own: Sighting[] | undefined;
  let use = '';
  let refused: string | undefined;
  const source: VocabularySource = (ownMap, pass, steps) => {
    if (pass !== 0) return new WatchedVocabulary(() => (refused ??= 'the file vocabulary is read after the passes'));
    own = sightingsOf(ownMap, steps);
    const mine = movedSightings(own, move);
    const rest = others();
    const file = rest ? mergedVocabulary([mine, ...rest]) : undefined;
    if (!file) {
      use = '\u0000incomplete';
      return new WatchedVocabulary(() => (refused ??= 'the file vocabulary is not known yet'));
    }
    use = vocabularyUse(file, mine);
    const byName = new Map(mine.map((s) => [s.name, s]));
    const out = new Map<string, SyntaxNode>();
    for (const s of file) {
      const m = byName.get(s.name);
      const node = m && m.start === s.start && m.end === s.end ? ownMap.get(s.name) : undefined;
      out.set(s.name, node ?? standIn(() => (refused ??= 'a column assumed from the file vocabulary is looked at outside its slice')));
    }
    return out;
  };
  return { source, sightings: () => own, use: () => use, refused: () => refused };
}
