// Small, predictable text tools for the offline planner: no model, so the rules must stay simple
// enough that a user can guess why a sentence was read the way it was.

/** Words that carry no meaning for routing work, including chat filler and planning jargon. */
const STOPWORDS = new Set(
  `a about above after again all also am an and any are as at be been before being below both
  but by can could did do does doing done during each else even ever every few for from further
  get got had has have having he her here hers him his how i if in into is it its itself just
  let like make me more most my need needs no nor not now of off on once one only or other our
  ours out over own please same she should so some still such than that the their them then there
  these they this those through to too under until up us very via was we were what when where
  which while who whom why will with would you your yours able across actually really
  hi hello hey thanks thank cheers ok okay yes yeah sure great good cool fine
  help want wants i'd we'd we're i'm it's let's lets
  team teams work task tasks thing things stuff something new plan plans planned planning
  company day days week weeks month months year years time today tomorrow asap urgent
  important priority low high normal medium critical blocker blocking rush hurry soon deadline due date
  least target targets goal goals first next last per`.split(/\s+/),
);

/** Light stemming so "posts", "posting" and "posted" meet "post"; not a full Porter stemmer. */
export function stemWord(word: string): string {
  let stem = word;
  if (stem.length > 4 && stem.endsWith("ies")) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 4 && /(?:ch|sh|x|ss)es$/.test(stem)) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith("s") && !/(?:ss|us|is)$/.test(stem))
    stem = stem.slice(0, -1);
  if (stem.length > 5 && stem.endsWith("ing")) stem = stem.slice(0, -3);
  else if (stem.length > 4 && stem.endsWith("ed") && !stem.endsWith("eed"))
    stem = stem.slice(0, -2);
  // "shipped" → "shipp" → "ship"; "planning" → "plann" → "plan".
  if (/([bdfgmnprt])\1$/.test(stem)) stem = stem.slice(0, -1);
  // "price" and "pricing" both become "pric".
  if (stem.length > 3 && stem.endsWith("e")) stem = stem.slice(0, -1);
  return stem;
}

/** Lowercased words, apostrophes kept inside words so "don't" stays one word. */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:['’][a-z]+)*/g) ?? [];
}

export interface Term {
  /** The stem used for matching. */
  term: string;
  /** The word as written, for telling the user what matched. */
  word: string;
}

/** The words of `text` that mean something, stemmed, in order. */
export function readTerms(text: string): Term[] {
  return splitWords(text.replace(/’/g, "'"))
    .filter((word) => !STOPWORDS.has(word) && !/^\d+$/.test(word) && word.length > 1)
    .map((word) => ({ term: stemWord(word), word }));
}

export function hasContent(text: string): boolean {
  return readTerms(text).length > 0;
}

/** Sentences, split on end punctuation and line breaks (not inside "v2.3" or "5.5%"). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map(tidyClause)
    .filter((sentence) => sentence.length > 0);
}

/** Words that open a condition or a measure, so a new clause starts before them. */
const CLAUSE_LEADS =
  "don't|do not|must|mustn't|never|only|no more than|not more than|at least|at most|budget|" +
  "success|done when|measured by|should result|targets?|kpis?|it should|it must|make sure|ensure|" +
  "avoid|can't|cannot|we can't|keep it|limited to|ideally|as long as";
const CLAUSE_BREAK = new RegExp(
  `\\s*;\\s*|\\s*[—–]\\s*|\\s+-\\s+|(?:,\\s*|\\s+)but\\s+|` +
    `(?:,\\s*(?:and\\s+)?|\\s+and\\s+)(?=(?:${CLAUSE_LEADS})\\b)|(?=\\bwithout\\b|\\bso that\\b)`,
  "i",
);

/**
 * Clauses of one sentence, split where a condition or a measure starts. Plain commas do not
 * split: "budgets, forecasts and invoicing" is one thought. The connector ("without", "so that")
 * stays with its clause because it is what classifies it.
 */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(CLAUSE_BREAK)
    .map(tidyClause)
    .filter((clause) => clause.length > 0);
}

/** Trims whitespace, stray punctuation and leading connectors a clause no longer needs. */
export function tidyClause(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/^[\s,;:.\-–—]+|[\s,;:\-–—]+$/g, "")
    .replace(/^(?:and|also|plus|then|while|though)\s+/i, "")
    .replace(/[.!?]+$/, "")
    .trim();
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Case- and spacing-insensitive identity, for de-duplicating what the user said twice. */
export function toKey(text: string): string {
  return splitWords(text).join(" ");
}
