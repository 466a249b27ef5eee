"""Stories in a language that is rare in the stream: its function words join nothing.

A handful of Portuguese articles among many English ones: IDF counts "de", "que" and "não" in
few articles and takes them for rare terms, so unrelated Portuguese articles looked alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dateline.stories.cluster import ClusterState, StoryArticle, assign
from dateline.stories.cluster_terms import STOP_WORDS, stop_words_of, words_and_marks

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

ENGLISH = [
    ("Council approves new bus lanes", "The city council approved four new bus lanes on Tuesday after a long debate "
     "about parking, cycling and the cost of repainting the avenues."),
    ("Storm closes mountain pass", "Heavy snow closed the northern mountain pass overnight, stranding lorries and "
     "forcing the highway agency to open an emergency shelter."),
    ("Hospital opens cancer wing", "The regional hospital opened a cancer treatment wing funded by a charity "
     "appeal, adding forty beds and two radiotherapy machines."),
    ("Port strike enters third day", "Dock workers at the container port stayed on strike for a third day, "
     "demanding higher pay as ships queued in the bay."),
    ("Museum returns bronze statues", "The national museum returned six bronze statues to the country they were "
     "taken from, after a decade of talks between the governments."),
]

PORTUGUESE = [
    ("pt-football", "Clube vence clássico no último minuto",
     "O clube venceu o clássico de domingo com um golo no último minuto, que deixou os adeptos em festa. "
     "O treinador disse que não esperava uma vitória tão difícil e que a equipa tem de melhorar a defesa."),
    ("pt-recipe", "Bolo de laranja para o fim de semana",
     "Para fazer este bolo de laranja, que não leva manteiga, basta misturar os ovos com o açúcar e a farinha. "
     "O forno tem de estar quente e o bolo deve ficar trinta minutos, de preferência numa forma redonda."),
    ("pt-court", "Tribunal anula contrato da autarquia",
     "O tribunal administrativo anulou o contrato que a autarquia tinha assinado com a empresa de limpeza, "
     "porque o concurso não cumpriu as regras. A câmara diz que vai recorrer da decisão de sexta-feira."),
]


def _articles(language: str | None) -> list[StoryArticle]:
    english = [StoryArticle(id=f"en-{n}", title=title, body=body, published=START + timedelta(minutes=10 * n),
                            language="en") for n, (title, body) in enumerate(ENGLISH * 8)]
    portuguese = [StoryArticle(id=key, title=title, body=body, published=START + timedelta(hours=9, minutes=n),
                               language=language) for n, (key, title, body) in enumerate(PORTUGUESE)]
    return english + portuguese


def _stories_of(articles: list[StoryArticle]) -> dict[str, str]:
    state = ClusterState()
    state.observe(articles)
    return {a.article_id: state.story_id(state.story_of_article[a.article_id]) for a in assign(articles, state)}


def test_a_language_adds_its_own_function_words_to_the_english_list():
    portuguese = stop_words_of("pt")
    assert {"de", "que", "não", "para"} <= portuguese
    assert STOP_WORDS <= portuguese
    assert stop_words_of("en") == STOP_WORDS == stop_words_of(None)
    assert stop_words_of("qq") == STOP_WORDS  # a code spaCy does not know: the English list, no error


def test_function_words_of_the_article_language_are_not_counted():
    words, _ = words_and_marks("Bolo de laranja", "O bolo de laranja não leva manteiga.", "pt")
    assert "laranja" in words and "manteiga" in words
    assert not {"de", "não", "o"} & set(words)


def test_unrelated_articles_in_a_rare_language_keep_their_own_stories():
    stories = _stories_of(_articles("pt"))
    assert len({stories[key] for key, _, _ in PORTUGUESE}) == 3


def test_a_story_told_twice_in_that_language_still_joins():
    articles = _articles("pt")
    retold = StoryArticle(id="pt-court-2", title="Autarquia vai recorrer da anulação do contrato de limpeza",
                          body="A autarquia vai recorrer da decisão do tribunal administrativo que anulou o contrato "
                               "de limpeza assinado com a empresa, depois de o concurso não ter cumprido as regras.",
                          published=START + timedelta(hours=10), language="pt")
    stories = _stories_of([*articles, retold])
    assert stories["pt-court-2"] == stories["pt-court"]
    assert stories["pt-court"] not in {stories["pt-football"], stories["pt-recipe"]}


JAPANESE = [
    ("ja-quake", "東京で震度5弱の地震", "2日午前、東京都で震度5弱の強い地震があった。気象庁によると、震源は千葉県北西部で、"
     "津波の心配はないという。都内では一時、鉄道の運転が見合わせられた。"),
    ("ja-quake-2", "千葉県北西部で地震、鉄道に乱れ", "千葉県北西部を震源とする地震で、東京都内では震度5弱を観測した。"
     "気象庁は津波の心配はないと発表し、鉄道各社は安全確認のため運転を見合わせた。"),
    ("ja-election", "市長選で新人が初当選", "任期満了に伴う市長選は2日投開票され、無所属の新人が現職を破って初当選した。"
     "投票率は前回を上回り、新市長は子育て支援の拡充を公約に掲げていた。"),
]


def test_articles_written_without_spaces_are_compared_by_pairs_of_characters():
    words, _ = words_and_marks("東京で地震", "東京都で強い地震があった。", "ja")
    assert words["東京"] == 3 and words["地震"] == 3  # the title counts twice
    english = StoryArticle(id="en-x", title="Quake shakes Tokyo", body="A strong quake shook Tokyo on Monday.")
    japanese = [StoryArticle(id=key, title=title, body=body, published=START + timedelta(minutes=n), language="ja")
                for n, (key, title, body) in enumerate(JAPANESE)]
    stories = _stories_of([*_articles("pt"), english, *japanese])
    assert stories["ja-quake"] == stories["ja-quake-2"]
    assert stories["ja-election"] != stories["ja-quake"]
