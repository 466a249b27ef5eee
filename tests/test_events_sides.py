"""The event coder's sides where the parse or the sentence leaves them out: subjects of reduced relatives
and adjectival predicates, and the side a deed done to no one named falls on."""

from __future__ import annotations

from dateline.analyze import analyze_text
from dateline.model import Event

PUBLISHED = "2025-03-01"


def coded(text: str) -> list[Event]:
    return analyze_text(text, published=PUBLISHED, language="en").events


def sides(event: Event) -> tuple[list[str | None], list[str | None]]:
    return [a.country for a in event.actors], [a.country for a in event.recipients]


def find(events: list[Event], kind: str) -> Event:
    matches = [e for e in events if e.type == kind]
    assert matches, f"no {kind} event in {[(e.type, e.mentions[0].trigger.text) for e in events]}"
    return matches[0]


def test_a_speaker_described_by_a_participle_is_still_the_speaker() -> None:
    # the small parser makes "operating" the subject of "said"
    demand = find(coded("Kenyan police officers operating in Somalia said the militias must release the hostages."),
                  "REQUEST")
    assert sides(demand) == (["KEN"], ["SOM"])


def test_the_subject_of_an_adjectival_predicate_does_its_verb() -> None:
    event = find(coded("Both the Ethiopian army and the Eritrean army are guilty of violating the ceasefire agreement."),
                 "ASSAULT")
    assert event.cameo == "196"  # the agreement is named by its compound: a ceasefire violated
    assert sides(event)[0] == ["ETH", "ERI"]


def test_a_deed_done_to_no_one_named_falls_on_the_state_where_it_is_done() -> None:
    curfew = find(coded("The Thai army imposed a curfew in the southern provinces on Friday."), "COERCE")
    assert sides(curfew) == (["THA"], ["THA"])
    assert "target inferred" in curfew.mentions[0].rule
    martial = find(coded("The Iraqi government imposed martial law."), "COERCE")
    assert sides(martial) == (["IRQ"], ["IRQ"])


def test_an_inferred_side_makes_the_mention_no_surer() -> None:
    named = find(coded("The Iraqi government imposed martial law on the Kurds of Kirkuk."), "COERCE")
    inferred = find(coded("The Iraqi government imposed martial law."), "COERCE")
    assert named.recipients and inferred.mentions[0].confidence < named.mentions[0].confidence


def test_words_and_retreats_get_no_inferred_side() -> None:
    resign = find(coded("The Georgian president resigned on Sunday."), "RETREAT")
    assert resign.recipients == []


def test_a_possessive_naming_the_doer_again_is_no_recipient() -> None:
    event = find(coded("President Ruto has reneged on his commitment to the Kenyan people for lowering fuel taxes."),
                 "REJECT")
    assert sides(event) == (["KEN"], ["KEN"])  # the people, not Ruto named again by "his"


def test_the_sides_of_a_clause_below_the_recipient_are_not_recipients() -> None:
    event = find(coded("The United States imposed sanctions on the Houthi faction that controls Sanaa for its support "
                       "of Iranian weapons smugglers."), "SANCTION")
    assert sides(event) == (["USA"], ["YEM"])


def test_a_closing_attribution_is_no_object() -> None:
    event = find(coded("Ugandan soldiers abused Congolese refugees with impunity, a human rights organization charged "
                       "on Monday."), "ASSAULT")
    assert sides(event) == (["UGA"], ["COD"])


def test_a_closing_complaint_is_words_against_the_clause_it_reports() -> None:
    for text in ("Hungarian authorities are failing to protect Roma families from eviction, a human rights group "
                 "protested on Tuesday.",
                 "Croatian police are failing to uphold the property rights of Serb refugees, a human rights group "
                 "protested here Wednesday."):
        event = find(coded(text), "ACCUSE")
        assert event.cameo == "111"
        assert sides(event)[1] in (["HUN"], ["HRV"])


def test_a_retreat_told_in_the_passive_is_the_moved_sides_own() -> None:
    event = find(coded("Hundreds of Colombian rebels have been demobilized since the peace accord, the army said."),
                 "RETREAT")
    assert sides(event)[0] == ["COL"]
    pulled = find(coded("Russian troops were pulled out of the Syrian town of Manbij on Friday."), "RETREAT")
    assert sides(pulled) == (["RUS"], ["SYR"])


def test_an_of_phrase_says_whose_only_when_the_words_before_do_not() -> None:
    agreed = find(coded("The Armenian and Azerbaijani sides of the disputed region of Karabakh agreed to exchange "
                        "prisoners on Friday."), "AGREE")
    assert sides(agreed)[0] == ["ARM", "AZE"]
    talks = find(coded("Italian diplomats held talks with leaders of Libya's new government in Tripoli on Tuesday."),
                 "CONSULT")
    assert sides(talks) == (["ITA"], ["LBY"])


def test_undertaking_a_mediation_is_mediating() -> None:
    event = find(coded("The Qatari emir undertook a mediation mission between Sudan and Chad."), "CONSULT")
    assert sides(event) == (["QAT"], ["SDN", "TCD"])


def test_what_an_intended_deed_is_for_is_intended_too() -> None:
    events = coded("Finland is willing to send material to help defend Estonia if it is attacked, the Finnish foreign "
                   "minister said.")
    said = find(events, "AGREE")  # an intent to support (CAMEO 032), surer than the deed it promises
    assert sides(said) == (["FIN"], ["EST"]) and said.cameo == "032"
    assert said.mentions[0].confidence > find(events, "SUPPORT").mentions[0].confidence


def test_whom_a_helped_deed_is_done_to_receives_the_help() -> None:
    event = find(coded("Poland is willing to send air defence systems to help defend Lithuania, the Polish defence "
                       "minister said."), "AID")
    assert sides(event) == (["POL"], ["LTU"])


def test_a_main_verb_the_parser_left_without_subject_takes_the_sides_named_just_before() -> None:
    # the small parser hangs "the Sudanese government and RSF/A" on the memorandum: "agreed" has no subject
    event = find(coded("With the signing of a Memorandum of Understanding (MOU) on Cessation of Hostilities, the "
                       "Sudanese government and RSF/A have agreed to allow ``unimpeded humanitarian access to all "
                       "areas and for people in need.''"), "AGREE")
    assert "SDN" in sides(event)[0]


def test_a_bare_institution_is_the_one_of_its_doers_state() -> None:
    event = find(coded("Tunisian farmers began a hunger strike outside Parliament on Monday."), "PROTEST")
    assert sides(event) == (["TUN"], ["TUN"])
    assert event.recipients[0].sector == "LEG"


def test_each_coordinated_part_of_an_of_phrase_is_a_side() -> None:
    event = find(coded("Sudanese soldiers tortured dozens of Eritrean and Ethiopian migrants near the border, a rights "
                       "group said."), "ASSAULT")
    assert sides(event) == (["SDN"], ["ERI", "ETH"])


def test_the_nearest_phrase_inside_an_object_names_its_side() -> None:
    event = find(coded("The Austrian government refused to commit to any direct assistance to the US-led war against "
                       "Iran."), "REJECT")
    assert sides(event) == (["AUT"], ["USA"])
    both = find(coded("The European Union imposed sanctions on Iran and Syria."), "SANCTION")
    assert sides(both) == (["EU"], ["IRN", "SYR"])


def test_a_light_verb_carries_a_noun_conjoined_with_its_object() -> None:
    event = find(coded("Russian forces launched artillery, mortar and rocket fire against Ukrainian positions near "
                       "Bakhmut."), "ASSAULT")
    assert sides(event) == (["RUS"], ["UKR"])
    assert not [e for e in coded("A fire broke out at the Russian embassy in Kyiv.") if e.type == "ASSAULT"]


def test_up_to_a_number_counts_the_object() -> None:
    # the small parser makes "up" a particle and the counted noun the object of "to"
    event = find(coded("Gunmen kidnapped up to 20 Nigerian oil workers on Monday."), "ASSAULT")
    assert sides(event)[1] == ["NGA"]


def test_an_object_moved_after_an_as_complement_is_the_object() -> None:
    # the small parser hangs the object on the complement as an apposition
    event = find(coded("Greece on Friday denounced as an ugly crime Turkey's occupation of northern Cyprus."), "ACCUSE")
    assert sides(event) == (["GRC"], ["TUR"])


def test_the_object_of_allow_is_not_the_subject_of_its_infinitive() -> None:
    # the small parser makes "refugees" the subject of "to return"
    event = find(coded("Rwanda will allow Congolese refugees to return home."), "CONCEDE")
    assert sides(event) == (["RWA"], ["COD"])


def test_people_of_no_country_suffer_a_deed_in_the_doer_s_state() -> None:
    event = find(coded("The Burmese army has been holding hundreds of Karen villagers as human shields."), "ASSAULT")
    assert sides(event) == (["MMR"], ["MMR"])


def test_an_investigation_told_in_the_passive_is_by_the_authorities_where_it_is_done() -> None:
    event = find(coded("A Lebanese banker was placed under investigation in Paris on Monday."), "ACCUSE")
    assert event.cameo == "090"
    assert sides(event) == (["FRA"], ["LBN"])  # "under investigation" names the deed, not its recipient


def test_a_passive_relative_clause_does_not_take_the_main_clause_s_subject_as_doer() -> None:
    events = coded("The Nigerian navy rescued 20 Ghanaian sailors who were kidnapped last month.")
    assert not [e for e in events if e.type == "ASSAULT" and "NGA" in sides(e)[0]]
