// Values that stand for a secret without being one: template markers, masks, instructions and
// stand-ins. Only true placeholders are rejected: all one character (or dominated by one run),
// mask runs (`xxxx`, `****`), `<...>`, `${...}`, `{{...}}`, `%s`, instruction words
// (`your-...-here`, `REPLACE_ME`), known documentation values and counting runs (`1234567890`).
// Random key material that merely contains a run of repeated characters, or letters spelling
// `tbd` / `fake` inside a longer word, is a secret. The word lists are data (models/secrets.ts).
import {
  DOMINANT_RUN_SHARE,
  INSTRUCTION_ENDINGS,
  INSTRUCTION_VERBS,
  KNOWN_EXAMPLE_VALUES,
  MASK_CHARACTERS,
  PLACEHOLDER_VALUES,
  PLACEHOLDER_WORDS,
  SEQUENCES,
} from '../models/secrets';
import { splitIdentifier } from './names';

const MASK_CLASS = MASK_CHARACTERS.replace(/[\\\]^-]/g, '\\$&');

/** Template and mask shapes: the value is (or contains) a marker for something filled in later. */
const MARKERS: readonly RegExp[] = [
  /^<[^<>]*>$/, // <your-token>
  /\$\{[^}]*\}/, // ${DB_PASSWORD}
  /\{\{[^}]*\}\}/, // {{ secret }}
  /^\{[A-Za-z_][\w.]*\}$/, // {password} (str.format)
  /%\(?\w*\)?[sd]/, // %s, %(password)s
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $DB_PASSWORD
  /^[x*•.#_?-]+$/i, // xxxx, ****, ...
  new RegExp(`[${MASK_CLASS}]{4,}|\\.{3}|…`), // partially masked: sk-xxxx, ab****cd, ab...
];

/** The longest run of one character among the value's letters and digits, as a share of them. */
function dominantRunShare(value: string): number {
  const chars = value.replace(/[^A-Za-z0-9]/g, '');
  if (!chars) return 1;
  let best = 1;
  let run = 1;
  for (let i = 1; i < chars.length; i++) {
    run = chars[i] === chars[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best / chars.length;
}

/** A repeated-character stand-in: one character (`aaaaaaaa`), or one run over more than half the value (`sk-000000000000`). */
export function isRepeatedCharacter(value: string): boolean {
  const t = value.trim();
  if (new Set(t).size === 1) return true;
  const chars = t.replace(/[^A-Za-z0-9]/g, '');
  return chars.length >= 4 && dominantRunShare(t) > DOMINANT_RUN_SHARE;
}

/**
 * Lower-case words of the readable parts of a value: parts between separators that are letters
 * (optionally followed by digits), split at case humps. A part with digits inside (`k9tbdX2mQv`) is
 * random material, not words, so the letters it happens to contain are not read as words.
 */
function readableWords(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(/[^A-Za-z0-9]+/)) {
    if (/^[A-Za-z]+[0-9]*$/.test(part)) out.push(...splitIdentifier(part).map((w) => w.toLowerCase()));
  }
  return out;
}

/**
 * `your-api-key-here`, `REPLACE_ME`, `yourtoken`: words of an instruction to the reader. Unless
 * `instructionsOnly`, also stand-in words (`example-key`, `dummy_token`).
 */
function isInstruction(value: string, instructionsOnly = false): boolean {
  const words = readableWords(value);
  if (!words.length) return false;
  if (words.some((w) => w === 'your' || w === 'placeholder' || /^your[a-z]+$/.test(w))) return true;
  if (!instructionsOnly && words.some((w) => PLACEHOLDER_WORDS.has(w))) return true;
  const first = words[0];
  const last = words[words.length - 1];
  if (words.length > 1 && INSTRUCTION_VERBS.has(first) && /[-_ ]/.test(value)) return true; // insert-token, ENTER_KEY
  if (words.length > 1 && INSTRUCTION_ENDINGS.has(last) && (last === 'here' || INSTRUCTION_VERBS.has(words[words.length - 2]) || /[-_ ]me$/i.test(value))) return true;
  return /^replace[-_ ]?me$/i.test(value);
}

/** True when the value is empty, a template marker, a mask, an instruction or a known example, not a secret. */
export function isPlaceholder(value: string): boolean {
  const t = value.trim();
  if (isTemplateMarker(t)) return true;
  if (PLACEHOLDER_VALUES.has(t.toLowerCase())) return true;
  if (KNOWN_EXAMPLE_VALUES.some((e) => t.includes(e))) return true;
  if (SEQUENCES.some((s) => t.toLowerCase().startsWith(s))) return true;
  return isInstruction(t);
}

/** For values whose meaning is fixed by the call (jwt key, HMAC key): only markers, masks and instructions count as placeholders. */
export function isTemplateMarker(value: string): boolean {
  const t = value.trim();
  if (!t) return true;
  if (isRepeatedCharacter(t)) return true;
  // A weak key such as "dev-example-secret" is still a key: only instructions count here.
  return MARKERS.some((p) => p.test(t)) || /[<>]/.test(t) || isInstruction(t, true);
}
