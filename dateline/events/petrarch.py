"""A dictionary-driven event coder: TABARI/PETRARCH-format dictionaries over dateline's spaCy parse.

Users of PETRARCH bring their own verbs, actors, agents and discards; `DictionaryCoder.from_folder`
loads a folder of them and `code(text, date)` returns the events of a sentence as (source, target,
CAMEO code) with the verb as evidence. For each verb of the verbs dictionary found in the parse:

- its subject (climbing through `xcomp`, object control, conjoined verbs and relative clauses) is
  the source, the first coded actor phrase of its own phrase after it the target; with a passive
  agent (`was opposed by X`) X is the source and the subject the target;
- the longest of its block's patterns that matches gives the code, else the verb's or the block's
  code; `$` / `+` in the pattern set source / target, `%` codes among a coordinated subject;
- a code `a:b` is two events, a from source to target and b back; `---` is no event;
- every coordinated actor is coded (`A and B welcomed C` → A→C, B→C);
- a sentence holding a discard phrase yields nothing.

The dictionaries' dialect (PETRARCH 1, or PETRARCH 2 / UD-PETRARCH when the verb patterns use
`{...}` / `(...)` phrases) decides the few places where the two coders differ; see `_context`,
`_actors` and `code_doc`. With an internal coding ontology in the folder, a negated verb's code is
moved through it. Options (`config`, PETRARCH's names): `new_actor_length`, `require_dyad`, and
`verb_interaction` (PETRARCH 2's combination of a verb with its complement's event).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .petrarch_actors import ActorCoder, SentenceActors, tokens_of
from .petrarch_dictionaries import DictionarySet, read_folder
from .petrarch_patterns import Bindings, Context, match_pattern
from .petrarch_verbs import Pattern, Verb, VerbBlock
from .tabari import Words

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# `verb_interaction`: PETRARCH 2's combination of a verb with its complement's event through the
# ontology; UD-PETRARCH (whose validation suite dateline follows) does not do it.
DEFAULTS: dict[str, Any] = {"require_dyad": True, "new_actor_length": 0, "verb_interaction": False}
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
# Clauses a verb governs: PETRARCH 2 matches its patterns without them.
CLAUSES = frozenset({"ccomp", "advcl", "parataxis"})
# Children of a verb that are not part of the phrase after it where its target is looked for.
NOT_VERB_PHRASE = {"nsubj", "nsubjpass", "csubj", "csubjpass", "conj", "cc", "punct", "preconj"}


@dataclass(frozen=True)
class CodedEvent:
    source: str
    target: str
    code: str
    verb: str  # the trigger as written
    start: int  # character offsets of the trigger in the coded text
    end: int
    pattern_line: int | None = None  # the verbs file line of the pattern that matched, if one did

    def triple(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.code)


@dataclass(frozen=True)
class VerbHit:
    verb: Verb
    block: VerbBlock
    first: int  # the first and last token of the verb with its particles
    last: int


class DictionaryCoder:
    """Codes sentences with one set of TABARI/PETRARCH dictionaries."""

    def __init__(self, dictionaries: DictionarySet, nlp: Language | None = None) -> None:
        self.dictionaries = dictionaries
        self.dialect = dictionaries.verbs.dialect
        self._nlp = nlp
        self.actor_coder = ActorCoder(dictionaries.actors.actors, dictionaries.agents.agents,
                                      split_slash=self.dialect == "petrarch1")
        self.verbs: dict[str, list[tuple[Verb, VerbBlock]]] = {}
        for block in dictionaries.verbs.blocks:
            for verb in block.verbs:
                self.verbs.setdefault(verb.word, []).append((verb, block))
        # Each block's patterns, the most specific first (TABARI tries longer patterns first).
        self.patterns: dict[int, list[Pattern]] = {
            id(b): sorted(b.patterns, key=lambda p: -p.weight) for b in dictionaries.verbs.blocks}
        self.sentence_discards = by_first_word(dictionaries.discards.sentence)
        self.story_discards = by_first_word(dictionaries.discards.story)
        self.code_of_value: dict[int, str] = {}  # the ontology backwards (the first code with a value)
        for cameo, value in dictionaries.ontology.items():
            self.code_of_value.setdefault(value, cameo)

    @classmethod
    def from_folder(cls, folder: str | Path, nlp: Language | None = None, strict: bool = False) -> DictionaryCoder:
        return cls(read_folder(Path(folder), strict), nlp)

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from ..enrich.nlp import load_pipeline

            self._nlp = load_pipeline()
        return self._nlp

    def code(self, text: str, date: str | None = None, config: dict[str, Any] | None = None) -> list[CodedEvent]:
        """The events of `text` (a sentence or a short story) on `date` (YYYYMMDD)."""
        return self.code_doc(self.parse(text), date, config)

    def parse(self, text: str) -> Doc:
        """The spaCy parse of `text`; `_` joins words as a space does, as in the dictionaries
        (`Dol_Amroth`), and is replaced one for one so that offsets into `text` still hold."""
        # The coder reads tags, lemmas and the dependency parse; named entities come from the dictionaries.
        unneeded = [name for name in ("ner",) if name in self.nlp.pipe_names]
        return self.nlp(text.replace("_", " "), disable=unneeded)

    def code_doc(self, doc: Doc, date: str | None = None, config: dict[str, Any] | None = None) -> list[CodedEvent]:
        options = {**DEFAULTS, **(config or {})}
        words = [t.text.upper() for t in doc]
        if self._holds_any(words, self.story_discards):
            return []
        day = int(date) if date and date.isdigit() else None
        actors = SentenceActors(doc, self.actor_coder.matches(doc), day, self.actor_coder,
                                int(options.get("new_actor_length") or 0))
        out: list[CodedEvent] = []
        for sent in doc.sents:
            if self._holds_any([t.text.upper() for t in sent], self.sentence_discards):
                continue
            by_verb = {hit.first + len(hit.verb.before): self._code_verb(hit, sent, actors, options)
                       for hit in self._hits(doc, sent)}
            for i, events in by_verb.items():
                if self.dialect == "petrarch2" and self._absorbed(doc[i], by_verb):
                    continue
                inner = self._complement_events(doc[i], by_verb) if options.get("verb_interaction") else []
                out.extend(self._combined(events, inner) if inner and self.dictionaries.ontology else events)
        return list(dict.fromkeys(out))

    def _complement_events(self, verb: Token, by_verb: dict[int, list[CodedEvent]]) -> list[CodedEvent]:
        if self.dialect != "petrarch2":
            return []
        return [e for c in verb.children if c.dep_ in ("ccomp", "xcomp") for e in by_verb.get(c.i, [])
                if "---" not in (e.source, e.target)]

    def _combined(self, outer: list[CodedEvent], inner: list[CodedEvent]) -> list[CodedEvent]:
        """PETRARCH 2's verb interaction: a verb and the event of the clause it governs make one event
        whose code adds their ontology values (`said` + `attack` → 015), aimed at the inner actor."""
        ontology = self.dictionaries.ontology
        out: list[CodedEvent] = []
        for o in outer:
            if "---" in (o.source, o.target) or o.code not in ontology:
                out.append(o)
                continue
            for e in inner:
                if e.code not in ontology:
                    continue
                value = combine_values(ontology[o.code], ontology[e.code])
                code = self.code_of_value.get(value)
                if code is None:
                    out.append(o)
                    continue
                target = e.source if e.source not in ("---", o.source) else e.target
                out.append(CodedEvent(o.source, target, code, o.verb, o.start, o.end, o.pattern_line))
        return out

    def _hits(self, doc: Doc, sent: Span) -> list[VerbHit]:
        """The sentence's dictionary verbs; a word that is a particle of a longer verb is not one itself
        (`wire` in `wire tap`)."""
        hits = [h for h in (self.verb_at(doc, t) for t in sent) if h is not None]
        return [h for h in hits if not any(
            o is not h and o.first <= h.first + len(h.verb.before) <= o.last and o.last - o.first > h.last - h.first
            for o in hits)]

    @staticmethod
    def _absorbed(verb: Token, by_verb: dict[int, list[CodedEvent]]) -> bool:
        """PETRARCH 2 codes a clause completing a coded verb (`noted that X regretted Y`, `urged X to
        respond`) as part of that verb's event, not as an event of its own."""
        outer = by_verb.get(verb.head.i, [])
        return verb.dep_ in ("ccomp", "xcomp") and any("---" not in (e.source, e.target) for e in outer)

    @staticmethod
    def _holds_any(words: list[str], phrases: dict[str, list[Words]]) -> bool:
        """Whether one of the phrases (indexed by their first word) is in `words`."""
        for i, word in enumerate(words):
            for phrase in phrases.get(word, ()):
                if tuple(words[i:i + len(phrase)]) == phrase:
                    return True
        return False

    # ---- verbs ----

    def verb_at(self, doc: Doc, token: Token) -> VerbHit | None:
        """The dictionary verb whose verb word is `token`, its particles around it; the longest wins."""
        if not token.tag_.startswith("VB") or token.dep_ in ("aux", "auxpass"):
            return None
        best: VerbHit | None = None
        for verb, block in self.verbs.get(token.text.upper(), []):
            first, last = token.i - len(verb.before), token.i + len(verb.after)
            if first < 0 or last >= len(doc):
                continue
            if [t.text.upper() for t in doc[first:token.i]] != list(verb.before):
                continue
            if [t.text.upper() for t in doc[token.i + 1:last + 1]] != list(verb.after):
                continue
            if best is None or last - first > best.last - best.first:
                best = VerbHit(verb, block, first, last)
        return best

    def _candidates(self, hit: VerbHit, doc: Doc) -> list[VerbHit]:
        """The hit and the same verb form in other blocks (a word may head several blocks)."""
        out = [hit]
        for verb, block in self.verbs.get(hit.verb.word, []):
            if block is not hit.block and verb.before == hit.verb.before and verb.after == hit.verb.after:
                out.append(VerbHit(verb, block, hit.first, hit.last))
        return out

    # ---- one verb ----

    def _code_verb(self, hit: VerbHit, sent: Span, actors: SentenceActors, options: dict[str, Any]) -> list[CodedEvent]:
        doc = sent.doc
        verb = doc[hit.first + len(hit.verb.before)]
        subject = subject_of(verb)
        subject_codes = self._subject_codes(verb, subject, actors)
        upper = [i for i in verb_phrase(verb) if i > hit.last]
        ctx = self._context(hit, verb, subject, len(subject_codes) > 1, upper, sent, actors)
        code, pattern, bindings = self._choose_code(hit, doc, ctx)
        if is_negated(verb) and self.dictionaries.ontology:
            code = self._negated(code)
        if not code or code.strip("-") == "" or code.upper() == "NULL":
            return []
        if pattern is not None and any(e.kind == "compound" for e in pattern.lower):
            pairs = [(a, b) for a in subject_codes for b in subject_codes if a != b]
            return self._events(pairs, code, verb, pattern, both_ways=False)
        sources, targets = self._actors(verb, subject, subject_codes, upper, actors, bindings)
        if not targets and not options.get("require_dyad", True):
            targets = ["---"]
        if not sources and not options.get("require_dyad", True) and targets:
            sources = ["---"]
        pairs = [(s, t) for s in sources for t in targets if s != t]
        return self._events(pairs, code, verb, pattern, both_ways=True)

    def _context(self, hit: VerbHit, verb: Token, subject: Token | None, compound_subject: bool, upper: list[int],
                 sent: Span, actors: SentenceActors) -> Context:
        """What the verb's patterns are matched against."""
        doc = sent.doc
        lower = list(range(sent.start, hit.first))
        pattern_upper = upper
        if self.dialect == "petrarch2":
            # PETRARCH 2 reads the words before a verb in its subject only, and after it the verb's
            # own phrases, not a clause the verb governs.
            lower = [i for i in actors.phrase_tokens(subject) if i < hit.first] if subject is not None else []
            pattern_upper = [i for i in verb_phrase(verb, CLAUSES) if i > hit.last]
        return Context(
            words=[t.text.upper() for t in doc], lemmas=[t.lemma_.upper() for t in doc], lower=lower,
            upper=pattern_upper, synsets=self.dictionaries.verbs.synsets,
            phrase_at=lambda i: self._phrase_at(actors, i), compound_subject=compound_subject,
            use_lemmas=self.dialect == "petrarch2",
            determiners=frozenset(t.i for t in sent if t.tag_ in ("DT", "PRP$", "POS")),
            nouns=frozenset(t.i for t in sent if t.pos_ in ("NOUN", "PROPN", "PRON")),
            adjectives=frozenset(t.i for t in sent if t.pos_ == "ADJ"),
            vocabulary=frozenset(t.text.upper() for t in sent) | frozenset(t.lemma_.upper() for t in sent))

    def _negated(self, code: str) -> str:
        """A negated verb's code through the ontology: PETRARCH 2 moves a code by 0xFFFF (`not criticize`
        is a cooperation), and back; a code with no counterpart stays."""
        ontology = self.dictionaries.ontology
        parts = []
        for part in code.split(":"):
            if part not in ontology:
                parts.append(part)
                continue
            value = ontology[part]
            flipped = value - 0xFFFF if value >= 0 else value + 0xFFFF
            parts.append(self.code_of_value.get(flipped, part))
        return ":".join(parts)

    @staticmethod
    def _subject_codes(verb: Token, subject: Token | None, actors: SentenceActors) -> list[str]:
        """Codes of the subject and of any other subject the parser gave the same verb (`A, B, and C`)."""
        if subject is None:
            return []
        heads = [subject] + [c for c in subject.head.children
                             if c.i != subject.i and c.dep_ == subject.dep_ and subject.head.i == verb.i]
        codes = list(dict.fromkeys(c.code for h in heads for c in actors.code_phrase(h)))
        if not codes and subject.tag_ == "PRP":  # `A indicated it would act`: the pronoun is the speaker
            outer = verb
            while outer.dep_ in ("ccomp", "xcomp", "conj", "advcl") and outer.head.i != outer.i:
                outer = outer.head
                speaker = subject_of(outer)
                if speaker is not None and speaker.tag_ != "PRP":
                    return DictionaryCoder._subject_codes(outer, speaker, actors)
        return codes

    def _phrase_at(self, actors: SentenceActors, i: int) -> tuple[int, int, list[str]] | None:
        coded = actors.coded_phrase_at(i)
        if not coded:
            return None
        tokens = set().union(*(c.tokens for c in coded))
        return min(tokens), max(tokens), [c.code for c in coded]

    def _choose_code(self, hit: VerbHit, doc: Doc, ctx: Context) -> tuple[str, Pattern | None, Bindings]:
        """The code of the longest matching pattern of the verb's blocks, else the verb's default."""
        candidates = self._candidates(hit, doc)
        patterns = sorted((p for h in candidates for p in self.patterns[id(h.block)]), key=lambda p: -p.weight)
        for pattern in patterns:
            bindings = match_pattern(pattern, ctx)
            if bindings is not None:
                return pattern.code, pattern, bindings
        default = hit.verb.code or hit.block.code
        return default, None, Bindings()

    def _actors(self, verb: Token, subject: Token | None, subject_codes: list[str], upper: list[int],
                actors: SentenceActors, bindings: Bindings) -> tuple[list[str], list[str]]:
        """Source and target codes: the pattern's markers first, then the syntax."""
        agent = passive_agent(verb)
        used = set(bindings.used)
        if subject is not None:
            used.update(actors.phrase_tokens(subject))
        if agent is not None:
            agent_codes = [c.code for c in actors.code_phrase(agent)]
            used.update(actors.phrase_tokens(agent))
            sources, targets = agent_codes, subject_codes
        elif self.dialect == "petrarch2" and is_passive(verb):  # the subject undergoes the act
            sources, targets = self._first_target(upper, actors, used), subject_codes
        elif is_passive(verb) and not has_own_subject(verb):  # `X called ... to be allowed to`: X is no actor of it
            sources, targets = [], self._first_target(upper, actors, used)
        else:
            sources, targets = subject_codes, self._first_target(upper, actors, used)
        source = bindings.source if bindings.source is not None else sources
        target = bindings.target if bindings.target is not None else targets
        if bindings.target is None and target == source:  # `$` took the phrase that was the target
            target = subject_codes if subject_codes != source else []
        if bindings.source is None and source == target:  # `+` took the subject's place
            source = self._before(bindings.used, actors, verb)
        return source, target

    @staticmethod
    def _first_target(upper: list[int], actors: SentenceActors, used: set[int]) -> list[str]:
        passed: set[int] = set()  # an uncoded phrase too long to be a new actor hides its insides
        for i in upper:
            if i in used or i in passed:
                continue
            coded = actors.coded_phrase_at(i)
            if coded:
                return [c.code for c in coded]
            token = actors.doc[i]
            if actors.new_actor_length > 0 and token.pos_ in ("NOUN", "PROPN"):
                passed.update(t.i for t in actors.phrase_head(token).subtree)
        return []

    @staticmethod
    def _before(used: set[int], actors: SentenceActors, verb: Token) -> list[str]:
        """The nearest coded phrase before the marked ones (a target taken from the subject's place)."""
        start = min(used) if used else verb.i
        for i in range(start - 1, verb.sent.start - 1, -1):
            coded = actors.coded_phrase_at(i)
            if coded and not (set().union(*(c.tokens for c in coded)) & used):
                return [c.code for c in coded]
        return []

    @staticmethod
    def _events(pairs: list[tuple[str, str]], code: str, verb: Token, pattern: Pattern | None,
                both_ways: bool) -> list[CodedEvent]:
        forward, _, backward = code.partition(":")
        line = pattern.line if pattern is not None else None
        out: list[CodedEvent] = []
        for s, t in pairs:
            span = (verb.idx, verb.idx + len(verb.text))
            if forward and forward.strip("-"):
                out.append(CodedEvent(s, t, forward, verb.text, *span, line))
            if both_ways and backward and backward.strip("-") and t != "---" and s != "---":
                out.append(CodedEvent(t, s, backward, verb.text, *span, line))
        return out


def combine_values(upper: int, lower: int) -> int:
    """PETRARCH 2's rule for a verb (`upper`) over the event of its complement (`lower`), in ontology values."""
    if lower < 0:
        return lower + upper
    if upper >= 0x1000 and lower >= 0x1000:
        return lower
    if lower >= upper:
        return lower
    return upper + lower


def by_first_word(phrases: list[Words]) -> dict[str, list[Words]]:
    out: dict[str, list[Words]] = {}
    for phrase in phrases:
        words = tokens_of(phrase)
        if words:
            out.setdefault(words[0], []).append(words)
    return out


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, or the one it shares: of the verb it completes (`about to restore`), the
    object of a control verb (`urged B to help`), the first of conjoined verbs, a relative clause's noun."""
    seen = 0
    while seen < 8:
        seen += 1
        for child in verb.children:
            if child.dep_ in SUBJECTS and child.dep_ != "expl":
                if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                    return verb.head
                return child
        if verb.dep_ == "xcomp":
            objects = [c for c in verb.head.children if c.dep_ in ("dobj", "obj") and c.i < verb.i]
            if objects:
                return objects[0]
            verb = verb.head
        elif verb.dep_ in ("acomp", "conj") and verb.head.i != verb.i:
            verb = verb.head
        elif verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head
        else:
            return None
    return None


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECTS for c in verb.children)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def passive_agent(verb: Token) -> Token | None:
    """The `by` phrase's noun of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def verb_phrase(verb: Token, leave_out: frozenset[str] = frozenset()) -> list[int]:
    """Token indices of the verb's phrase: its subtree without its subject and conjoined verbs
    (and without the verb's dependents of the relations in `leave_out`)."""
    out: list[int] = []
    todo = [verb]
    while todo:
        t = todo.pop()
        out.append(t.i)
        for c in t.children:
            if t.i == verb.i and (c.dep_ in NOT_VERB_PHRASE or c.dep_ in leave_out):
                continue
            todo.append(c)
    return sorted(out)
