"""Predicate frames from a spaCy dependency parse: each verb (or event noun) with who does it, to
whom, and how it is said (negated, planned, hypothetical, passive).

A `Frame` is what the coder and the dictionary coder match against their lexicons: the trigger's
lemma and the particles and prepositions that follow it ("side with", "call for", "reach out to"),
its subjects and objects as `Phrase`s (coordination kept: "Lavrov and Rubio" is one phrase of
two parts), and its prepositional phrases. The passive is turned round here ("was attacked by
protesters": subject protesters, object the embassy), so the lexicons never see it.

Pure: a Doc in, frames out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "attr"})
# Modal and future auxiliaries: what they make of the event.
FUTURE_WORDS = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_WORDS = frozenset({"could", "may", "might", "would", "should", "can", "ca", "must", "'d"})
# Matrix verbs that put the verb of their "to" clause in the future or make it hypothetical
# ("plans to visit", "seeks to avoid"); a coded matrix verb (agree, threaten, refuse) codes itself.
FUTURE_MATRIX = frozenset({"plan", "schedule", "set", "due", "expect", "prepare", "intend", "aim", "decide",
                           "vow", "pledge", "promise", "agree", "offer", "swear"})
# ("tried to hack", "attempted to assassinate": an attempt is the deed, as CAMEO codes it, not a plan)
HYPOTHETICAL_MATRIX = frozenset({"seek", "want", "hope", "consider", "wish", "ready",
                                 "willing", "able", "like", "need", "propose", "suggest"})
# Verbs of a phase of what their "to" clause does ("prepared to resume shelling"): they pass on what is said of it.
PHASE_VERBS = frozenset({"resume", "continue", "begin", "start", "keep", "restart", "renew", "step"})
READY_WORDS = frozenset({"ready", "willing", "prepared", "able", "eager", "keen", "determined", "poised", "set"})
OBLIGATION_WORDS = frozenset({"must", "should"})
# Verbs that carry an event noun and give it their subject: "held talks with", "launched an attack on".
# Other verbs keep theirs: "avoided condemnation" is no condemnation by the avoider.
LIGHT_VERBS = frozenset({"hold", "have", "conduct", "launch", "carry", "stage", "begin", "start", "initiate",
                         "kickstart", "open", "resume", "host", "join", "attend", "make", "pay", "give", "issue",
                         "impose", "announce", "lead", "organise", "organize", "continue", "wage", "mount",
                         "unleash", "step", "intensify", "escalate", "take", "plan", "call", "convene", "sign",
                         "reach", "seal", "strike", "broker", "express", "voice", "level", "lodge", "file",
                         "deliver", "send", "extend", "renew", "slap", "speed", "accelerate", "complete",
                         "expedite", "hasten", "finish", "finalize", "finalise", "reiterate", "repeat", "undertake"})
# Adverbs the parser gives where a phrasal verb has its particle ("stepped down", "pulled back").
ADVERB_PARTICLES = frozenset({"down", "back", "away", "up", "out", "off", "over", "in", "on"})
# Forms of light verbs the small model lemmatises wrongly ("staged" → "stag", "waged" → "wag").
LIGHT_VERB_FORMS = frozenset({"staged", "staging", "stages", "waged", "waging", "wages"})
# Nouns that only frame an event named by their modifier: "a mediation effort", "a peace mission".
GENERIC_EVENT_HEADS = frozenset({"effort", "mission", "bid", "process", "round", "campaign", "operation",
                                 "initiative", "drive", "attempt"})
PRONOUNS = frozenset({"he", "him", "she", "her", "they", "them", "it", "we", "us", "i", "me", "you"})


def is_pronoun(token: Token) -> bool:
    """A personal pronoun, not a name written like one ("the US", "IT")."""
    return token.lower_ in PRONOUNS and not (token.text.isupper() and len(token.text) > 1)


@dataclass
class Phrase:
    """A noun phrase in a frame: its head and the heads of its coordinated parts ("X and Y")."""

    heads: list[Token]

    @property
    def head(self) -> Token:
        return self.heads[0]

    @property
    def start(self) -> int:
        return min(part_extent(h)[0] for h in self.heads)

    @property
    def end(self) -> int:
        return max(part_extent(h)[1] for h in self.heads)

    @property
    def text(self) -> str:
        span = self.head.doc.char_span(self.start, self.end, alignment_mode="expand")
        return span.text if span is not None else ""


@dataclass
class Frame:
    """A predicate and its arguments in one sentence.

    `trigger` is the verb or event noun; its `lemma` with its `particles` and the prepositions of
    `preps` are what phrasal lexicon entries match ("call for", "side with"). `preps` maps a preposition to its objects ("with" → Qatar's emir). `parent` is the frame of
    the clause this one depends on (an "agreed to meet" xcomp, a conjoined verb, a relative
    clause, or a reporting verb whose that-clause this is: "X said that ..."), `relation` the
    dependency that ties them; `dependents` the frames that depend on this one.
    """

    trigger: Token
    kind: str  # "verb" or "noun"
    subjects: list[Phrase] = field(default_factory=list)
    objects: list[Phrase] = field(default_factory=list)
    preps: dict[str, list[Phrase]] = field(default_factory=dict)
    particles: list[str] = field(default_factory=list)
    passive: bool = False
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    obligation: bool = False  # "must", "should", "has to": what someone says another has to do
    ultimatum: bool = False  # said as what its doer will do unless another acts: "will withdraw unless ..."
    intent: bool = False  # said as what its doer will or is ready to do: "will meet", "is prepared to lift"
    parent: Frame | None = None
    relation: str = ""  # the trigger's dependency on its parent: xcomp, conj, relcl, advcl, ccomp …
    light_verb: Token | None = None  # for a noun event, the verb that carries it ("hold talks")
    surface_subjects: list[Phrase] = field(default_factory=list)  # as written: a passive's is who it was done to
    sent: SpacySpan | None = None
    dependents: list[Frame] = field(default_factory=list)  # in text order

    @property
    def lemma(self) -> str:
        return self.trigger.lemma_.lower()

    @property
    def sentence(self) -> SpacySpan:
        # (Token.sent walks the document: a frame keeps the sentence it was read in)
        return self.sent if self.sent is not None else self.trigger.sent

    def argument_heads(self) -> list[Token]:
        return [h for p in (*self.subjects, *self.objects, *(q for ps in self.preps.values() for q in ps))
                for h in p.heads]


def part_extent(head: Token) -> tuple[int, int]:
    """Character extent of one coordinated part: the head's subtree without its conjuncts and
    without the clauses hung on it (relative clauses, appositions that run on)."""
    left = head.left_edge
    right = head
    for child in head.rights:
        if child.dep_ in ("conj", "cc", "relcl", "acl", "punct", "advcl", "appos"):
            break
        right = child.right_edge
    for child in head.lefts:
        if child.dep_ in ("conj", "cc"):
            left = head
    start = left.idx
    end = right.idx + len(right.text)
    return start, end


def conjuncts(head: Token) -> list[Token]:
    """The head and the heads coordinated with it ("Lavrov and Rubio", "Russia, China and Iran")."""
    out = [head]
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM", "X"):
            out.extend(conjuncts(child))
        elif child.dep_ == "appos":  # "Qatar's emir, Sheikh Tamim, and Prime Minister Sheikh Mohammed"
            out.extend(c for c in conjuncts(child)[1:])
    return out


def _phrase(token: Token) -> Phrase:
    return Phrase(conjuncts(token))


def _modality(verb: Token) -> tuple[bool, bool, bool, bool]:
    """(negated, future, hypothetical, obligation) from the verb's own auxiliaries and adverbs."""
    negated = future = hypothetical = obligation = False
    for child in verb.children:
        word = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "advmod" and word == "never"):
            negated = True
        elif child.dep_ == "aux":
            if word in FUTURE_WORDS:
                future = True
            elif word in HYPOTHETICAL_WORDS:
                hypothetical = True
                obligation = obligation or word in OBLIGATION_WORDS
            elif child.lemma_ == "go" and child.i + 1 < len(verb.doc) and verb.doc[child.i + 1].lower_ == "to":
                future = True  # "is going to meet"
        elif child.dep_ == "mark" and word == "if":
            hypothetical = True
    return negated, future, hypothetical, obligation


# Participles a passive form only describes a state with ("were engaged in", "is committed to"): the
# subject as written does it.
STATIVE_PARTICIPLES = frozenset({"engage", "involve", "commit", "determine", "dedicate", "devote", "prepare"})


def _subjects(verb: Token) -> tuple[list[Phrase], list[Phrase], bool]:
    """(subjects, objects from the subject position, passive) of a verb."""
    subjects: list[Phrase] = []
    moved: list[Phrase] = []
    passive = False
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.pos_ != "VERB":
            subjects.append(_phrase(child))
        elif child.dep_ == "nsubj" and child.tag_ in ("VBG", "VBN"):
            # "The Red Cross operating in Iraq said": the small parser makes the participle the subject
            subjects += [_phrase(c) for c in child.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
        elif child.dep_ in PASSIVE_SUBJECT_DEPS:
            passive = True
            moved.append(_phrase(child))
        elif child.dep_ == "auxpass":
            passive = True
    if passive:
        agents = [_phrase(g) for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        if not agents and verb.lemma_.lower() in STATIVE_PARTICIPLES:
            return moved, [], False
        return agents, moved, True
    return subjects, [], False


def _preps(head: Token) -> tuple[dict[str, list[Phrase]], list[str]]:
    """The head's prepositional phrases by preposition, and its particles in order."""
    preps: dict[str, list[Phrase]] = {}
    particles: list[str] = []
    for child in head.children:
        if child.dep_ == "prt" or (child.dep_ == "advmod" and child.lower_ in ADVERB_PARTICLES):
            particles.append(child.lower_)
        elif child.dep_ == "prep":
            word = child.lower_
            for obj in child.children:
                if obj.dep_ == "pobj":
                    preps.setdefault(word, []).append(_phrase(obj))
                elif obj.dep_ == "prep":  # "out of", "away from": the inner preposition carries the object
                    for inner in obj.children:
                        if inner.dep_ == "pobj":
                            preps.setdefault(f"{word} {obj.lower_}", []).append(_phrase(inner))
                elif obj.dep_ == "pcomp" and obj.pos_ in ("NOUN", "PROPN"):
                    preps.setdefault(word, []).append(_phrase(obj))
                elif obj.dep_ == "pcomp":  # "committed to opening up": the preposition is there, its object a clause
                    preps.setdefault(word, [])
    return preps, particles


def _counted_object(verb: Token) -> list[Phrase]:
    """"kidnapped up to 16 advisers": the parser makes "up" a particle and the counted noun the object of
    "to"; the noun is the verb's object."""
    return [_phrase(obj) for up in verb.children if up.dep_ == "prt" and up.lower_ == "up"
            for to in up.children if to.dep_ == "prep" and to.lower_ == "to"
            for obj in to.children if obj.dep_ == "pobj"
            and (obj.like_num or any(c.dep_ == "nummod" for c in obj.children))]


def _shifted_object(verb: Token) -> list[Phrase]:
    """"denounced as an ugly crime Serbia's suppression of ...": an object moved after the "as"
    complement, which the parser hangs on the complement as an apposition."""
    return [_phrase(obj) for as_ in verb.children if as_.dep_ == "prep" and as_.lower_ == "as"
            for noun in as_.children if noun.dep_ == "pobj"
            for obj in noun.children if obj.dep_ == "appos"]


def _raised_object(verb: Token) -> list[Phrase]:
    """"will allow refugees to return": the parser makes the object the subject of the to-infinitive; an
    infinitive has a subject of its own only after "for" ("called for him to go")."""
    return [_phrase(subject) for clause in verb.children if clause.dep_ == "ccomp" and infinitive(clause)
            and not any(m.dep_ == "mark" for m in clause.children)
            for subject in clause.children if subject.dep_ == "nsubj"]


def verb_frame(verb: Token) -> Frame:
    """The frame of one verb, without what it inherits from the clause it depends on."""
    subjects, moved, passive = _subjects(verb)
    objects = moved + [_phrase(c) for c in verb.children if c.dep_ in OBJECT_DEPS and not _attribution(c)]
    preps, particles = _preps(verb)
    if not objects and not passive:
        counted, shifted = _counted_object(verb), _shifted_object(verb)
        if counted:  # "up" was no particle: it counts the object
            objects, particles = counted, [p for p in particles if p != "up"]
        else:
            objects = shifted or _raised_object(verb)
    if passive:
        preps.pop("by", None)  # the agent, already the subject
    # "called for him to move", "urged X to": the subject of the "for"/object clause is the recipient.
    for child in verb.children:
        if child.dep_ in ("advcl", "ccomp", "xcomp") and any(m.dep_ == "mark" and m.lower_ == "for"
                                                             for m in child.children):
            inner = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            preps.setdefault("for", []).extend(_phrase(c) for c in inner)
    if not subjects and not passive and (_reduced_relative(verb) or closing_attribution(verb)):
        subjects = [_phrase(verb.head)]  # "Palestinian youths resorting to throwing stones": the youths do it
    negated, future, hypothetical, obligation = _modality(verb)
    ready = _readiness(verb)
    if ready is not None:  # "Syria is willing to withdraw", "he is prepared to lift the ban"
        hypothetical = True
        if not subjects:
            subjects = [_phrase(c) for c in ready.children if c.dep_ in SUBJECT_DEPS]
    intent = (future or hypothetical or ready is not None) and not obligation and not conditional(verb)
    return Frame(trigger=verb, kind="verb", subjects=subjects, objects=objects, preps=preps,
                 particles=particles, passive=passive, negated=negated, future=future,
                 hypothetical=hypothetical, obligation=obligation, intent=intent,
                 ultimatum=intent and _unless(verb), surface_subjects=moved if passive else subjects)


# Verbs of a closing attribution (", a rights group charged"), which the small parser can hang on a noun.
REPORTING_VERBS = frozenset({"say", "charge", "report", "claim", "allege", "tell", "add", "state", "announce",
                             "confirm", "write", "insist", "protest", "complain", "warn"})


def _attribution(noun: Token) -> bool:
    """Whether a noun is in fact the speaker of a closing attribution: "abused immigrants, a human
    rights organization charged", after a comma, with the reporting verb hung on it."""
    return any(closing_attribution(c) for c in noun.children)


def closing_attribution(verb: Token) -> bool:
    """Whether a verb is the reporting verb of a closing attribution the parser hung on a noun ("the
    authorities are failing refugees, a human rights group protested"): its speaker is that noun, and
    what it says is the clause before."""
    if (verb.lemma_.lower() not in REPORTING_VERBS or verb.i < verb.head.i
            or any(c.dep_ in OBJECT_DEPS or c.dep_ == "ccomp" for c in verb.children)):
        return False
    speaker: Token | None = None
    if verb.dep_ == "acl":
        speaker = verb.head
    elif verb.dep_ in ("advcl", "parataxis"):  # (parsed right: "..., a rights group protested")
        speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if speaker is None:
        return False
    before = speaker.left_edge.i - 1
    return before >= 0 and verb.doc[before].text == ","


def _reduced_relative(verb: Token) -> bool:
    """An active verb hung on a named side with no relative word of its own ("the forces operating in
    Iraq"): the noun is its subject. Not a passive participle ("the curfew imposed in Sudan"), not an
    infinitive ("a plan to withdraw")."""
    head = verb.head
    return (verb.dep_ in ("acl", "relcl") and verb.tag_ in ("VBG", "VBD", "VBZ", "VBP")
            and head.pos_ in ("NOUN", "PROPN") and not infinitive(verb)
            and not any(c.dep_ in ("mark", "auxpass") for c in verb.children)
            and any(t.ent_type_ for t in head.subtree if t.i <= head.i))  # a named side, not "a law recognizing"


def _readiness(verb: Token) -> Token | None:
    """The copula of "is ready / willing / prepared to <verb>", or None."""
    adjective = verb.head
    if verb.dep_ == "xcomp" and adjective.pos_ == "ADJ" and adjective.lemma_.lower() in READY_WORDS:
        return adjective.head
    return None


def conditional(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)


def _unless(verb: Token) -> bool:
    """Whether a clause of the verb sets the condition that stops it: "will withdraw unless X acts"."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
               for c in verb.children)


def noun_frame(noun: Token) -> Frame:
    """The frame of an event noun ("the talks between X and Y", "Russia's invasion of Ukraine",
    "sanctions on Iran"): a possessive or a "by" phrase is the doer."""
    trigger = noun
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in GENERIC_EVENT_HEADS:
        noun = noun.head  # "a mediation effort between X and Y": the effort's phrases are the mediation's
    preps, particles = _preps(noun)
    subjects = [_phrase(c) for c in noun.children if c.dep_ == "poss"]
    subjects += preps.pop("by", [])
    # Pre-modifiers that name a side: "US sanctions", "Israeli strikes", "Russian-Ukrainian talks".
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and child.pos_ in ("PROPN", "ADJ") and child.ent_type_:
            subjects.append(_phrase(child))
    return Frame(trigger=trigger, kind="noun", subjects=subjects, preps=preps, particles=particles)


def _inherits_subject(relation: str) -> bool:
    # (acomp: "X are guilty of violating", "is capable of launching": the copula's subject does it)
    return relation in ("xcomp", "conj", "advcl", "relcl", "acl", "pcomp", "acomp")


def sentence_frames(sentence: SpacySpan, is_event_noun: object = None) -> list[Frame]:
    """Every verb's frame in the sentence, in order, with subjects, time and modality carried down
    from the clause each depends on; and the frames of the event nouns `is_event_noun(token)`
    accepts, each tied to the verb that carries it."""
    frames: dict[int, Frame] = {}
    for token in sentence:
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
            frames[token.i] = verb_frame(token)
        elif callable(is_event_noun) and token.pos_ in ("NOUN", "PROPN") and is_event_noun(token):
            frames[token.i] = noun_frame(token)
    # Link each frame to the nearest frame above it, in head-first order so inherited values chain.
    depth = _depths(sentence)
    for token in sorted(sentence, key=lambda t: depth[t.i]):
        frame = frames.get(token.i)
        if frame is None:
            continue
        parent_token, relation = _governor(token, frames)
        if parent_token is None:
            continue
        parent = frames[parent_token.i]
        if relation == "conj" and parent.parent is not None and _coordinated_too_low(token, parent_token):
            parent = parent.parent
        frame.parent, frame.relation = parent, relation
        parent.dependents.append(frame)
        if frame.kind == "noun":
            _carry_noun(frame, parent, relation)
        else:
            _carry_verb(frame, parent, relation)
    ordered = [frames[i] for i in sorted(frames)]
    for frame in ordered:
        frame.sent = sentence
        frame.dependents.sort(key=lambda f: f.trigger.i)
    return ordered


def _coordinated_too_low(verb: Token, head: Token) -> bool:
    """A finite verb is no conjunct of one after a modal or "to": in "warned that talks must not come
    at Kyiv's expense, and accused Russia of ...", "accused" goes with "warned" (its subject, not a
    "must"), though the parser hung it on "come"."""
    return verb.tag_ in ("VBD", "VBZ") and head.tag_ == "VB" and any(
        child.dep_ == "aux" and (child.tag_ == "MD" or child.lower_ == "to") for child in head.children)


def _depths(sentence: SpacySpan) -> dict[int, int]:
    """Each token's distance from the root, by document index. Each token is climbed from only until
    a token of known depth, so a long chain of conjuncts costs linear time, not quadratic."""
    depths: dict[int, int] = {}
    for token in sentence:
        path = []
        while token.i not in depths and token.head.i != token.i:
            path.append(token)
            token = token.head
        depth = depths.setdefault(token.i, 0)
        for step in reversed(path):
            depth += 1
            depths[step.i] = depth
    return depths


def _governor(token: Token, frames: dict[int, Frame]) -> tuple[Token | None, str]:
    """The nearest ancestor that has a frame, and the dependency of the path's first step."""
    relation = token.dep_
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.i in frames:
            return current, relation
        # through a preposition, or from a modifier to its head ("a mediation effort"), the path's
        # relation is the one the phrase has
        # (and from a noun's conjunct: "launched artillery and rocket fire" launches the fire)
        relation = current.dep_ if relation in ("prep", "pobj", "pcomp", "compound") or (
            relation == "conj" and token.pos_ in ("NOUN", "PROPN")) else relation
    return None, ""


def _carry_verb(frame: Frame, parent: Frame, relation: str) -> None:
    # (a passive relative clause's gap is its moved subject, the noun it modifies: "observers who were taken
    # hostage" names no one who took them)
    if not frame.subjects and _inherits_subject(relation) and not (frame.passive and relation in ("relcl", "acl")):
        # "agreed to meet": the agreer meets; "met ... and agreed": the same subject; a relative
        # clause's missing subject is its head noun's, which the coder resolves by pronoun rules.
        # "was indicted by the court and will resign": the one indicted resigns, not the court.
        shared = parent.surface_subjects if parent.passive and not frame.passive and relation in ("conj", "xcomp") \
            else parent.subjects
        frame.subjects = list(shared)
        if not frame.passive:
            frame.surface_subjects = frame.subjects
    if relation in ("xcomp", "conj", "advcl", "relcl"):
        frame.negated = frame.negated or (parent.negated and relation == "xcomp")
        frame.future = frame.future or parent.future
        frame.hypothetical = frame.hypothetical or parent.hypothetical
    if relation == "xcomp" and parent.lemma in PHASE_VERBS:
        frame.intent = frame.intent or parent.intent
    # what an intended deed is for is intended too ("willing to send arms to help defend Saudi Arabia")
    if parent.intent and ((relation == "advcl" and infinitive(frame.trigger)) or (relation == "xcomp"
                                                                                    and parent.lemma == "help")):
        frame.intent = True
    if relation == "xcomp" or (relation == "advcl" and infinitive(frame.trigger)):  # "have sworn to fight"
        if parent.lemma in FUTURE_MATRIX:
            frame.future = frame.intent = True
        elif parent.lemma in HYPOTHETICAL_MATRIX:
            frame.hypothetical = frame.intent = True



def infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _carry_noun(frame: Frame, parent: Frame, relation: str) -> None:
    """An event noun carried by a verb ("held talks with", "launched an attack on", "a meeting will
    be held between X and Y"): the verb's subject does it, the verb's prepositions and modality are its own."""
    if parent.kind != "verb":
        return
    head = frame.trigger.head
    if frame.trigger.dep_ == "pobj" and head.lower_ == "for" and head.head.i == parent.trigger.i:
        if not frame.subjects:  # "negotiators return to Geneva for talks": they hold the talks
            frame.subjects = list(parent.subjects)
        return
    if parent.lemma not in LIGHT_VERBS and parent.trigger.lower_ not in LIGHT_VERB_FORMS:
        return
    frame.light_verb = parent.trigger
    if relation in OBJECT_DEPS or relation in PASSIVE_SUBJECT_DEPS or relation == "nsubj":
        if not frame.subjects and relation in OBJECT_DEPS:
            frame.subjects = list(parent.subjects)
        for prep, phrases in parent.preps.items():
            frame.preps.setdefault(prep, []).extend(phrases)
    frame.negated = parent.negated
    frame.future = parent.future or (parent.lemma in FUTURE_MATRIX)
    frame.hypothetical = parent.hypothetical or (parent.lemma in HYPOTHETICAL_MATRIX)
