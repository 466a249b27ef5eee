"""Reporting verbs and their speakers: the words that attribute a quote, and who they say spoke.

A cue is a verb of saying ("said", "told", "added", "warned" …, in any inflection) or the phrase
"according to". Cues are matched by word form, so that a document the parser did not read (only
tokenised) still has them; where the tagger ran, a form must be a verb ("the United States",
"a note"). The speaker is the cue's subject in the parse ("the source added", "said Rubio"),
passed down from the verb a cue hangs on ("X told reporters, adding that …") and up from "who";
without a parse, the words beside the cue.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs that report speech, for direct quotes ("“…,” he warned") and reported clauses ("he warned that …").
SPEECH = frozenset("""
say tell add ask warn write insist claim state note explain declare announce confirm report argue stress
emphasize emphasise assert acknowledge admit reiterate predict suggest promise vow pledge deny allege
maintain caution reveal disclose testify complain concede contend recall reply respond answer tweet post
quip continue conclude observe remark comment mention exclaim shout boast lament counter retort joke
underline underscore urge demand threaten estimate agree believe predict specify indicate affirm
proclaim repeat whisper cry yell scream recount read
""".split())
# Of those, the ones whose "that" clause is reported speech and not a thought, plan or request.
REPORTED = SPEECH - {"read", "ask", "continue", "urge", "demand", "comment", "believe", "estimate", "agree",
                     "answer", "post", "whisper", "cry", "yell", "scream", "shout", "exclaim", "joke", "quip"}
# Verbs that put someone's words in the writer's sentence: "branded him a “dictator”".
NAMING = frozenset("""
call describe brand label dub term denounce hail characterize characterise decry slam refer dismiss
name title entitle
""".split())

_IRREGULAR = {"say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "cry": ["cried", "cries"],
              "reply": ["replied", "replies"], "deny": ["denied", "denies"], "testify": ["testified", "testifies"],
              "specify": ["specified", "specifies"], "proclaim": ["proclaimed"], "dub": ["dubbed", "dubbing"],
              "slam": ["slammed", "slamming"], "refer": ["referred", "referring"], "quip": ["quipped", "quipping"],
              "underline": ["underlined"], "read": ["reads", "read"], "decry": ["decried", "decries"], "answer": ["answered"],
              "counter": ["countered"], "admit": ["admitted", "admitting"], "mention": ["mentioned"], "threaten": ["threatened"]}


def _forms(lemma: str) -> list[str]:
    """The inflections of a regular English verb, and the listed ones of the irregular."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    regular = [lemma, lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s"),
               stem + "ing", lemma + "d" if lemma.endswith("e") else lemma + "ed"]
    return regular + _IRREGULAR.get(lemma, [])


def _table(lemmas: Iterable[str]) -> dict[str, str]:
    return {form: lemma for lemma in lemmas for form in _forms(lemma)}


LEMMA_OF = _table(SPEECH | NAMING) | {"says": "say", "said": "say", "saying": "say"}
# Forms that are more often nouns than verbs: without a tagger they are no cue.
_NOUN_LIKE = frozenset({"states", "notes", "claims", "reports", "note", "claim", "report", "state", "post", "posts",
                        "answer", "answers", "counter", "joke", "jokes", "promise", "promises", "pledge", "pledges",
                        "comment", "comments", "estimate", "estimates", "demand", "demands", "reply", "replies",
                        "cry", "call", "calls", "term", "terms", "label", "labels", "brand", "brands", "tweet",
                        "tweets", "vow", "vows", "warn", "tell", "ask", "add", "say", "write"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me"})
_RELATIVE = frozenset({"who", "which", "that"})
# dependents that belong to the speaker's name, not to what is said about them
_SPEAKER_DEPS = frozenset({"det", "amod", "compound", "poss", "case", "nmod", "nummod", "flat", "prep", "pobj",
                           "cc", "conj", "quantmod", "npadvmod", "advmod", "punct"})
_NAME_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM", "PART", "CCONJ"})
MAX_SPEAKER = 12  # tokens
MAX_CHILDREN = 100  # dependents of a verb whose subject is looked for
MAX_REACH = 80  # tokens between a speaker and the verb: "Lavrov, who … , said"


def lemma_of(tok: Token, lemmas: frozenset[str]) -> str | None:
    """The cue lemma of `tok` among `lemmas`, None when it is no such cue."""
    lemma = LEMMA_OF.get(tok.lower_)
    if lemma is None or lemma not in lemmas:
        return None
    if tok.pos_:
        return lemma if tok.pos_ == "VERB" else None
    return None if tok.lower_ in _NOUN_LIKE else lemma


def according_to(tok: Token) -> bool:
    """`tok` is "according" of "according to"."""
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def speaker_of(cue: Token) -> Token | None:
    """The head word of who speaks through `cue` (a verb, or "according"); None when the parse shows nobody."""
    if according_to(cue):
        to = cue.doc[cue.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    verb = cue
    for _ in range(3):
        if verb.n_lefts + verb.n_rights > MAX_CHILDREN:
            return None  # no verb a person wrote has hundreds of dependents: a parse of a list or of noise
        # the subject of a passive naming verb is what was named: "it's been dubbed “feather duvet lung”"
        deps = ("nsubj",) if LEMMA_OF.get(verb.lower_) in NAMING else ("nsubj", "nsubjpass")
        subject = next((c for c in verb.children if c.dep_ in deps), None)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if subject is None and agent is not None:  # "was branded a “dictator” by Trump"
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if subject is not None and not _near(subject, cue):
            return None
        if subject is not None and not any(c.isalnum() for c in subject.text):
            # a quotation mark the parser took for a noun: "「…」 the Japanese envoy said"
            subject = next((c for c in subject.children if c.dep_ == "appos"), None)
            return subject
        if subject is not None:
            if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head  # "Lavrov, who said …"
            return _apposition_before(subject, verb) or subject
        if verb.dep_ not in ("conj", "advcl", "xcomp", "pcomp", "prep") or verb.head.i == verb.i:
            return None
        verb = verb.head  # "… and called for", "told reporters, adding that"
    return None


def _near(subject: Token, cue: Token) -> bool:
    """The subject stands within reach of its verb, in the same paragraph: the parser joins a
    heading to the paragraph after it ("The Giuliani problem\nVolker told …")."""
    lo, hi = sorted((subject.i, cue.i))
    if hi - lo > MAX_REACH:
        return False
    doc = subject.doc
    return not any(doc[k].is_space and "\n" in doc[k].text for k in range(lo + 1, hi))


def _apposition_before(subject: Token, verb: Token) -> Token | None:
    """In "…, Sheikh Tamim and Prime Minister Sheikh Mohammed, the emir's office said" the parser
    may take the names for the subject and the speaker for their apposition: the noun phrase right
    before the verb is the one that speaks."""
    if not subject.i < verb.i - 1 or not subject.left_edge.i < verb.i - 1 <= subject.right_edge.i:
        return None
    node = verb.doc[verb.i - 1]
    for _ in range(8):
        if node.dep_ == "appos":
            before = node.left_edge.i - 1
            return node if before >= 0 and node.doc[before].text == "," else None
        if node.i == subject.i or node.head.i == node.i:
            return None
        node = node.head
    return None


def phrase(head: Token) -> tuple[int, int]:
    """Token range [lo, hi) of the speaker named by `head`: its name and modifiers, not its clauses
    or appositions ("Lavrov, who arrived on Wednesday" → "Lavrov")."""
    doc = head.doc
    lo = hi = head.i
    if head.right_edge.i - head.left_edge.i < 4 * MAX_SPEAKER:
        keep = {head.i}
        stack = [head]
        while stack:
            node = stack.pop()
            for child in node.children:
                if node.i == head.i and child.dep_ == "prep" and child.i > head.i and head.pos_ == "PROPN" \
                        and not any(c.pos_ == "PROPN" for c in child.children):
                    continue  # "Fadem in a research report" (not "the Ministry in Beijing")
                if child.dep_ in _SPEAKER_DEPS or _name_after_title(node, child):
                    keep.add(child.i)
                    stack.append(child)
        while lo - 1 in keep and head.i - lo < MAX_SPEAKER:
            lo -= 1
        while hi + 1 in keep and hi - head.i < MAX_SPEAKER:
            hi += 1
    while lo < head.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > head.i and (doc[hi].is_punct or doc[hi].is_space or doc[hi].dep_ in ("cc", "prep")):
        hi -= 1
    return lo, hi + 1


def _name_after_title(head: Token, child: Token) -> bool:
    """"foreign minister Andrii Sybiha" parsed as a title with its name in apposition: no comma between."""
    return child.dep_ == "appos" and child.i > head.i and child.left_edge.i == head.i + 1 and child.pos_ == "PROPN"


def nearby_speaker(doc: Doc, cue: Token, lo: int, hi: int) -> tuple[int, int] | None:
    """Where the parse names nobody: the words between the window's start [lo and the cue ("the
    source added"), else those after it up to a punctuation mark ("said Rubio"); words of a name
    only where the tagger ran, and nobody beside a passive verb."""
    if any(c.dep_ == "auxpass" for c in cue.children):
        return None
    if 0 < cue.i - lo <= MAX_SPEAKER and all(_nominal(doc[k]) for k in range(lo, cue.i)) \
            and not (doc[lo].is_punct or doc[lo].pos_ == "CCONJ"):
        return lo, cue.i
    k = cue.i + 1
    while k < hi and k - cue.i <= 6 and _nominal(doc[k]):
        k += 1
    return (cue.i + 1, k) if k > cue.i + 1 else None


def _nominal(tok: Token) -> bool:
    """A word of a name, a title or a list of them: "chairman, CEO and president Craig Menear"."""
    if tok.pos_:
        return tok.pos_ in _NAME_POS or tok.text in ".'’,"
    return not tok.is_space and (not tok.is_punct or tok.text in ".'’")
