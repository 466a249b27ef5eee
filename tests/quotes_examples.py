"""Passages for quote finding, written for dateline in the style of a wire story about diplomats,
with the quotes a reader finds in them, and the score that compares.

DEV is what the rules were developed on; HELD_OUT was written at the same time, before the rules
were run on anything, and is only measured. Both are ours (no public quote-attribution set was
at hand), so their figures say how the rules do on the forms listed, not on the news at large.

Each passage has the quotes a reader marks: (kind, quoted words, speaker as written or None),
kind "direct", "partial" (a few quoted words in the writer's sentence) or "indirect". The quoted
words of a broken or multi-paragraph quote run from its first word to its last.
"""

from __future__ import annotations

from dataclasses import dataclass

from dateline.model import Quote

Gold = tuple[str, str, str | None]

DEV: list[tuple[str, list[Gold]]] = [
    ('"Such a meeting will take place tomorrow in Istanbul," Foreign Minister Sergei Lavrov said Wednesday on a '
     'visit to Qatar.',
     [("direct", "Such a meeting will take place tomorrow in Istanbul,", "Foreign Minister Sergei Lavrov")]),
    ('A Turkish foreign ministry source confirmed that "a technical-level meeting will be held between Russian and '
     'American delegations in Istanbul tomorrow."',
     [("direct", "a technical-level meeting will be held between Russian and American delegations in Istanbul "
                 "tomorrow.", "A Turkish foreign ministry source")]),
    ('"Turkey is ready to provide all kinds of support to peace efforts," the source added.',
     [("direct", "Turkey is ready to provide all kinds of support to peace efforts,", "the source")]),
    ("“We are not going to negotiate over the heads of Ukrainians,” said Secretary of State Marco Rubio.",
     [("direct", "We are not going to negotiate over the heads of Ukrainians,", "Secretary of State Marco Rubio")]),
    ("Lavrov told reporters in Doha: “The Americans have shown that they are ready to listen.”",
     [("direct", "The Americans have shown that they are ready to listen.", "Lavrov")]),
    ("“The talks were useful,” Rubio said, “but there is still a great deal of work to do.”",
     [("direct", "The talks were useful,” Rubio said, “but there is still a great deal of work to do.", "Rubio")]),
    ("“Nobody wants this war to continue,” he said.",
     [("direct", "Nobody wants this war to continue,", "he")]),
    ("“We will not accept any settlement that rewards aggression. The sovereignty of Ukraine is not negotiable.\n\n"
     "“Any agreement must include guarantees for Kyiv,” the minister added.",
     [("direct", "We will not accept any settlement that rewards aggression. The sovereignty of Ukraine is not "
                 "negotiable.\n\n“Any agreement must include guarantees for Kyiv,", "the minister")]),
    ("Lavrov said the talks in Riyadh had been “useful” and described the American delegation as “serious people.”",
     [("indirect", "the talks in Riyadh had been “useful", "Lavrov"), ("partial", "useful", "Lavrov"),
      ("partial", "serious people.", "Lavrov")]),
    ('Trump branded Ukrainian President Volodymyr Zelensky a "dictator" on Wednesday.',
     [("partial", "dictator", "Trump")]),
    ("According to the Kremlin, Putin and Trump discussed the possibility of a meeting in Saudi Arabia.",
     [("indirect", "Putin and Trump discussed the possibility of a meeting in Saudi Arabia", "the Kremlin")]),
    ("Russian and US diplomats will meet in Istanbul on Thursday, Russia's foreign minister said.",
     [("indirect", "Russian and US diplomats will meet in Istanbul on Thursday", "Russia's foreign minister")]),
    ("Rubio told reporters that the meeting had been constructive.",
     [("indirect", "the meeting had been constructive", "Rubio")]),
    ("Zelensky said on Tuesday that Kyiv would not recognise any agreement reached without its participation.",
     [("indirect", "Kyiv would not recognise any agreement reached without its participation", "Zelensky")]),
    ("„We are ready for talks,“ Lavrov said in Doha.",
     [("direct", "We are ready for talks,", "Lavrov")]),
    ("« The door remains open », a French diplomat said.",
     [("direct", "The door remains open", "a French diplomat")]),
    ('The slogan "Peace through strength" appeared on banners across the city.',
     [("partial", "Peace through strength", None)]),
    ('Crowds gathered outside the embassy on Thursday.\n\n"Enough is enough."',
     [("direct", "Enough is enough.", None)]),
    ("“This is a historic day for our country,” the prime minister told the state news agency QNA.",
     [("direct", "This is a historic day for our country,", "the prime minister")]),
    ('Speaking to reporters, Peskov warned: "Any attempt to deploy troops would be a dangerous escalation."',
     [("direct", "Any attempt to deploy troops would be a dangerous escalation.", "Peskov")]),
    ('"We have no plans to lift sanctions," a senior State Department official said on condition of anonymity.',
     [("direct", "We have no plans to lift sanctions,", "a senior State Department official")]),
    ('"It was a good meeting," Lavrov said. "We agreed to continue."',
     [("direct", "It was a good meeting,", "Lavrov"), ("direct", "We agreed to continue.", "Lavrov")]),
    ("The ministry said in a statement that the embassy would reopen next month.",
     [("indirect", "the embassy would reopen next month", "The ministry")]),
    ('Putin, who spoke by phone with Trump last week, said the conversation was "substantive and frank."',
     [("indirect", 'the conversation was "substantive and frank.', "Putin"),
      ("partial", "substantive and frank.", "Putin")]),
    ('"We urge all parties to exercise restraint," UN Secretary-General Antonio Guterres said in a statement, '
     "adding that the organisation stood ready to help.",
     [("direct", "We urge all parties to exercise restraint,", "UN Secretary-General Antonio Guterres"),
      ("indirect", "the organisation stood ready to help", "UN Secretary-General Antonio Guterres")]),
    ("NATO chief Mark Rutte insisted the alliance would remain united.",
     [("indirect", "the alliance would remain united", "NATO chief Mark Rutte")]),
    ("“Are we ready? Yes, we are,” asked Lavrov.",
     [("direct", "Are we ready? Yes, we are,", "Lavrov")]),
    ('The Qatari prime minister said Doha was "ready to host further rounds" if both sides requested it.',
     [("indirect", 'Doha was "ready to host further rounds" if both sides requested it', "The Qatari prime minister"),
      ("partial", "ready to host further rounds", "The Qatari prime minister")]),
    ("'The sanctions will stay,' the EU's foreign policy chief wrote on X.",
     [("direct", "The sanctions will stay,", "the EU's foreign policy chief")]),
    ("“We cannot allow the embassies to remain paralysed,” the Russian foreign ministry said in a statement on "
     "Thursday. “Normal diplomatic work is in the interest of both countries.”",
     [("direct", "We cannot allow the embassies to remain paralysed,", "the Russian foreign ministry"),
      ("direct", "Normal diplomatic work is in the interest of both countries.", "the Russian foreign ministry")]),
    ('Ukraine\'s foreign minister Andrii Sybiha wrote that "no decisions about Ukraine can be made without Ukraine."',
     [("direct", "no decisions about Ukraine can be made without Ukraine.", "Ukraine's foreign minister Andrii Sybiha")]),
    ('"We will see," Trump said when asked whether he would meet Putin.',
     [("direct", "We will see,", "Trump")]),
    ('A Western diplomat in Istanbul, who asked not to be named, said: "Both sides want quick results."',
     [("direct", "Both sides want quick results.", "A Western diplomat in Istanbul")]),
    ('The talks ended without a statement.\n\n"We are ready to talk\n\nThe statement ended there.',
     [("direct", "We are ready to talk", None)]),
    ('The emir\'s office said Sheikh Tamim had stressed "the importance of dialogue" during the meeting.',
     [("indirect", 'Sheikh Tamim had stressed "the importance of dialogue" during the meeting', "The emir's office"),
      ("partial", "the importance of dialogue", "Sheikh Tamim")]),
    ("“We are not naive,” she added, “but we are hopeful.”",
     [("direct", "We are not naive,” she added, “but we are hopeful.", "she")]),
    ("Lavrov said:\n\n“The first question is the embassies. They have been working under impossible conditions.\n\n"
     "“The second question is flights. There have been no direct flights for three years.\n\n"
     "“The third question is property.”",
     [("direct", "The first question is the embassies. They have been working under impossible conditions.\n\n"
                 "“The second question is flights. There have been no direct flights for three years.\n\n"
                 "“The third question is property.", "Lavrov")]),
    ("Peskov declined to comment on the date of a summit.", []),
    ('The "Istanbul format" talks collapsed in 2022.',
     [("partial", "Istanbul format", None)]),
    ('Asked about the meeting, Rubio said: "We\'ll see where it leads."',
     [("direct", "We'll see where it leads.", "Rubio")]),
    ("“There is a chance,” a diplomat familiar with the talks told AFP, “but it is small.”",
     [("direct", "There is a chance,” a diplomat familiar with the talks told AFP, “but it is small.",
       "a diplomat familiar with the talks")]),
]

HELD_OUT: list[tuple[str, list[Gold]]] = [
    ("“Our position has not changed,” Kremlin spokesman Dmitry Peskov told reporters on Monday.",
     [("direct", "Our position has not changed,", "Kremlin spokesman Dmitry Peskov")]),
    ("Erdogan said Turkey was prepared to host a summit between Putin and Zelensky.",
     [("indirect", "Turkey was prepared to host a summit between Putin and Zelensky", "Erdogan")]),
    ('"The ball is in Russia\'s court," said Kaja Kallas, the EU\'s top diplomat.',
     [("direct", "The ball is in Russia's court,", "Kaja Kallas")]),
    ('Sybiha accused Moscow of "playing games" with the prisoner exchange.',
     [("partial", "playing games", "Sybiha")]),
    ('The Pentagon chief warned that Europe must "take ownership" of its security.',
     [("indirect", 'Europe must "take ownership" of its security', "The Pentagon chief"),
      ("partial", "take ownership", "The Pentagon chief")]),
    ("“We came here to listen. We have listened, and we will report back to Washington.\n\n"
     "“There will be another round,” the US envoy said.",
     [("direct", "We came here to listen. We have listened, and we will report back to Washington.\n\n"
                 "“There will be another round,", "the US envoy")]),
    ("According to two people familiar with the matter, the envoys exchanged lists of prisoners.",
     [("indirect", "the envoys exchanged lists of prisoners", "two people familiar with the matter")]),
    ("“I don’t think he’s a dictator,” Biden said in an interview, “but he has made mistakes.”",
     [("direct", "I don’t think he’s a dictator,” Biden said in an interview, “but he has made mistakes.", "Biden")]),
    ('Hungary\'s Viktor Orban called the plan "a sensible step."',
     [("partial", "a sensible step.", "Hungary's Viktor Orban")]),
    ('"This war must end," Pope Francis wrote in a message read out in St Peter\'s Square.',
     [("direct", "This war must end,", "Pope Francis")]),
    ('The foreign ministry in Beijing said China "welcomes all efforts conducive to peace."',
     [("indirect", 'China "welcomes all efforts conducive to peace.', "The foreign ministry in Beijing"),
      ("partial", "welcomes all efforts conducive to peace.", "The foreign ministry in Beijing")]),
    ("She said the delegation would return to Riyadh next week.",
     [("indirect", "the delegation would return to Riyadh next week", "She")]),
    ("« We are not naive », the French minister declared.",
     [("direct", "We are not naive", "the French minister")]),
    ("A spokesperson for the Turkish foreign ministry declined to comment.", []),
    ('"The embassies must be able to work normally," Lavrov told a news conference. "That is the minimum."',
     [("direct", "The embassies must be able to work normally,", "Lavrov"),
      ("direct", "That is the minimum.", "Lavrov")]),
    ("Zelensky has repeatedly said that Ukraine will not cede territory.",
     [("indirect", "Ukraine will not cede territory", "Zelensky")]),
    ('In a post on Truth Social, Trump called Zelensky "a modestly successful comedian."',
     [("partial", "a modestly successful comedian.", "Trump")]),
    ('"We are ready to work with anyone who wants peace," the statement said.',
     [("direct", "We are ready to work with anyone who wants peace,", "the statement")]),
    ("The agency quoted an unnamed official as saying the talks would last two days.",
     [("indirect", "the talks would last two days", "an unnamed official")]),
    ("“Let me be clear: there will be no deal without Europe,” European Commission President Ursula von der Leyen "
     "said.",
     [("direct", "Let me be clear: there will be no deal without Europe,",
       "European Commission President Ursula von der Leyen")]),
]


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0  # found quotes that match a gold one: same kind, overlapping words
    speaker_right: int = 0  # of the matched, those with the gold speaker (or none where gold has none)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 1.0

    @property
    def attributed_recall(self) -> float:
        """Gold quotes found with the right speaker."""
        return self.speaker_right / self.gold if self.gold else 1.0


def kind_of(q: Quote) -> str:
    return "partial" if q.partial else q.kind


def same_speaker(found: str | None, gold: str | None) -> bool:
    """The gold speaker, or the gold speaker with at most three more words ("Lavrov" for "Lavrov in Doha" is wrong
    the other way round: the mention must hold the whole gold name)."""
    if found is None or gold is None:
        return found is gold
    return gold in found and len(found.split()) <= len(gold.split()) + 3


def score(passages: list[tuple[str, list[Gold]]], found_in: list[list[Quote]],
          misses: list[str] | None = None) -> Score:
    """One-to-one matching in passage order: a found quote matches the first unmatched gold quote of
    its kind whose words it overlaps by at least half of the shorter of the two."""
    s = Score()
    for (text, golds), found in zip(passages, found_in, strict=True):
        s.gold += len(golds)
        s.found += len(found)
        spans = [(kind, text.index(words), text.index(words) + len(words), speaker) for kind, words, speaker in golds]
        free = list(range(len(spans)))
        for q in found:
            for k in free:
                kind, lo, hi, speaker = spans[k]
                if kind == kind_of(q) and min(hi, q.end) - max(lo, q.start) >= min(hi - lo, q.end - q.start) / 2:
                    free.remove(k)
                    s.matched += 1
                    right = same_speaker(q.speaker.text if q.speaker else None, speaker)
                    s.speaker_right += right
                    if not right and misses is not None:
                        misses.append(f"speaker {q.speaker.text if q.speaker else None!r} for {speaker!r}: {text[:70]}")
                    break
            else:
                if misses is not None:
                    misses.append(f"extra {kind_of(q)} {q.text[:50]!r}: {text[:70]}")
        if misses is not None:
            misses.extend(f"missed {spans[k][0]} {golds[k][1][:50]!r}: {text[:70]}" for k in free)
    return s
