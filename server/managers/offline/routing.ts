// Which teams below a manager fit a piece of work, by the words the work shares with each team's
// name, purpose and members' skills. Keyword rules, so every match can be explained to the user.
import type { MemberProfile, SubteamProfile } from "@/lib/teams/profile";
import { readTerms, stemWord, type Term } from "./text";

export type MatchSource = "name" | "skills" | "purpose";

interface Entry {
  /** One stem, or several for a phrase such as "landing page". */
  terms: string[];
  /** The team's own words, shown in the rationale. */
  word: string;
  source: MatchSource;
  weight: number;
}

export interface Match {
  score: number;
  /** The team's own words that matched, strongest first. */
  matched: string[];
  /** The same words by where they came from, for the rationale. */
  sources: Record<MatchSource, string[]>;
}

export interface TeamMatch extends Match {
  team: SubteamProfile;
}

export interface MemberMatch extends Match {
  member: MemberProfile;
}

/** A skill phrase is strong evidence; a word of a team's purpose alone is weak. */
const WEIGHT = { name: 2, skill: 2, phrase: 3, phraseWord: 1, purpose: 1 } as const;
const MIN_SCORE = 2;
/** Teams far behind the best fit are noise from common words, not a second fit. */
const MIN_SHARE_OF_BEST = 0.4;

/** Everyday words for what the teams' vocabularies name more formally. */
const ALIASES = stemAliases({
  tweet: ["twitter"],
  instagram: ["social"],
  tiktok: ["social"],
  facebook: ["social"],
  youtube: ["social"],
  site: ["website", "web"],
  homepage: ["website", "web"],
  webpage: ["website", "web"],
  page: ["web"],
  browser: ["web"],
  safari: ["web"],
  chrome: ["web"],
  iphone: ["ios"],
  ux: ["usability"],
  deploy: ["deployment"],
  outage: ["monitoring", "infrastructure"],
  server: ["infrastructure"],
  cloud: ["infrastructure"],
  ad: ["campaigns"],
  ads: ["campaigns"],
  email: ["newsletter"],
  refund: ["support"],
  complaint: ["support"],
  survey: ["research"],
  lead: ["pipeline", "prospecting"],
});

function stemAliases(raw: Record<string, string[]>): Map<string, string[]> {
  return new Map(Object.entries(raw).map(([word, terms]) => [stemWord(word), terms.map(stemWord)]));
}

/** Same stem, or one a longer form of the other ("automat" and "automation"). */
function isSameTerm(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.startsWith(short);
}

function readEntries(text: string, source: MatchSource, weight: number): Entry[] {
  return readTerms(text).map(({ term, word }) => ({ terms: [term], word, source, weight }));
}

function readSkillEntries(skills: string[]): Entry[] {
  return skills.flatMap((skill) => {
    const terms = readTerms(skill).map((t) => t.term);
    if (terms.length <= 1) return readEntries(skill, "skills", WEIGHT.skill);
    return [
      { terms, word: skill.toLowerCase(), source: "skills" as const, weight: WEIGHT.phrase },
      ...readEntries(skill, "skills", WEIGHT.phraseWord),
    ];
  });
}

function expandAliases(terms: Term[]): string[] {
  return terms.flatMap(({ term }) => [term, ...(ALIASES.get(term) ?? [])]);
}

function isPhraseIn(phrase: string[], work: string[]): boolean {
  return work.some((_, start) =>
    phrase.every((term, i) => work[start + i] !== undefined && isSameTerm(term, work[start + i]!)),
  );
}

/** Each work term counts once, through the strongest entry it meets. */
function scoreEntries(work: string[], entries: Entry[]): Match {
  const hits = new Map<string, Entry>();
  for (const entry of entries.filter((e) => e.terms.length > 1 && isPhraseIn(e.terms, work)))
    hits.set(entry.terms.join(" "), entry);
  const covered = [...hits.values()].flatMap((e) => e.terms);
  for (const term of new Set(work)) {
    if (covered.some((c) => isSameTerm(c, term))) continue;
    const best = entries
      .filter((e) => e.terms.length === 1 && isSameTerm(e.terms[0]!, term))
      .sort((a, b) => b.weight - a.weight)[0];
    // Keyed by the team's stem, so "automated" and "automation" in one request count once.
    if (best && (hits.get(best.terms[0]!)?.weight ?? 0) < best.weight)
      hits.set(best.terms[0]!, best);
  }
  const ranked = [...hits.values()].sort((a, b) => b.weight - a.weight);
  const sources: Record<MatchSource, string[]> = { name: [], skills: [], purpose: [] };
  for (const entry of ranked)
    if (!sources[entry.source].includes(entry.word)) sources[entry.source].push(entry.word);
  return {
    score: ranked.reduce((sum, entry) => sum + entry.weight, 0),
    matched: [...new Set(ranked.map((e) => e.word))],
    sources,
  };
}

function keepFits<T extends Match>(matches: T[]): T[] {
  const best = Math.max(0, ...matches.map((m) => m.score));
  return matches
    .filter((m) => m.score >= MIN_SCORE && m.score >= best * MIN_SHARE_OF_BEST)
    .sort((a, b) => b.score - a.score);
}

/** The active subteams that fit `text`, best first; empty when none does. */
export function routeWork(text: string, subteams: SubteamProfile[]): TeamMatch[] {
  const work = expandAliases(readTerms(text));
  return keepFits(
    subteams
      .filter((team) => team.status === "active")
      .map((team) => ({
        team,
        ...scoreEntries(work, [
          ...readEntries(
            `${team.name.replace(/-team$/, "")} ${team.display_name}`,
            "name",
            WEIGHT.name,
          ),
          ...readSkillEntries(team.skills),
          ...readEntries(team.purpose, "purpose", WEIGHT.purpose),
        ]),
      })),
  );
}

/** The manager's own members whose role, skills or responsibilities fit `text`, best first. */
export function matchMembers(text: string, members: MemberProfile[]): MemberMatch[] {
  const work = expandAliases(readTerms(text));
  return keepFits(
    members.map((member) => ({
      member,
      ...scoreEntries(work, [
        ...readEntries(member.role, "name", WEIGHT.name),
        ...readSkillEntries([...member.skills, ...member.responsibilities]),
      ]),
    })),
  );
}

/** Why a team fits, in the team's own words. */
export function describeMatch(match: Match): string {
  const reasons = [
    match.sources.name.length ? `its name says ${match.sources.name.join(", ")}` : "",
    match.sources.skills.length
      ? `its members' skills and responsibilities include ${match.sources.skills.join(", ")}`
      : "",
    match.sources.purpose.length ? `its purpose mentions ${match.sources.purpose.join(", ")}` : "",
  ];
  return reasons.filter(Boolean).join("; ");
}
