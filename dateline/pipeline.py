"""The stages strung together: a `Page` through an ordered list of stages to a `Processed`.

A stage is a small object with a name, a version, what it requires (stages before it) and
what it assigns, resources loaded once per process (`load`: a worker initializer calls it, so
`--jobs` and Dask workers load a model once), and a pure `run` over the work item. Stages
are registered by name (`@register_stage`), and the pipeline is built from the names in the
settings (`--stages extract,...`). A stage that cannot go on raises `StageFailed(code,
message)`; the pipeline puts the structured `Failure` on the result and runs nothing after it.

A stage whose work goes faster over many items at once (a model over a batch) may also have
`prepare_many(items)`: `Pipeline.run_batch` calls it once for the batch, then `run(item,
prepared)` item by item, so the per-document time limit, the input order and the failure of
one item alone hold as they do for `run`; if preparing fails or overruns, each item does all
its work in `run`.

No I/O here: sources deliver pages, the caller stores or prints what comes back.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from .config import ConfigError, Settings
from .extract import ExtractionFailed, extract_checked
from .extract.guard import TimeLimitExceeded, time_limit
from .model import Failure, Page, Processed
from .version import __version__

if TYPE_CHECKING:
    from spacy.tokens import Doc

T = TypeVar("T")

# Failure codes every stage may give, beside its own (extraction: not_a_page, too_deep, too_large).
FAILURE_CODES = {
    "time_limit": "the stage ran past the per-document time limit",
    "bug": "an unexpected error in dateline: please report the page",
}


class StageFailed(Exception):
    """Raised by a stage's `run` when this item cannot go on: `code` is stable, `message` for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Stage(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]  # bump when the output for the same input changes: rows of other versions are outdated
    requires: ClassVar[tuple[str, ...]]  # stages that must run before this one
    assigns: ClassVar[tuple[str, ...]]  # what it sets on the item: "article", or outputs[<name>]

    def load(self, settings: Settings) -> None:
        """Load resources (models, tables) once per process; never per document."""

    def run(self, item: Processed) -> None:
        """Fill in what this stage assigns; raise StageFailed when the item cannot go on."""


class BatchStage(Stage, Protocol):
    """A stage with a part worth doing for many items at once (e.g. `nlp.pipe` over their bodies).

    `Pipeline.run_batch` calls `prepare_many` once for the items that reach the stage, within a
    time budget of the per-document limit times their number, then `run(item, prepared)` for
    each under the per-document limit. When `prepare_many` raises or overruns, every item runs
    as `run(item)` alone; so it must not assign to the items, only return what `run` needs.
    """

    def prepare_many(self, items: Sequence[Processed]) -> Sequence[object | None]:
        """One value per item, in order, for `run` to finish with (None: `run` does it all)."""

    def run(self, item: Processed, prepared: object | None = None) -> None:
        """As `Stage.run`; with `prepared` from `prepare_many`, only what is left to do."""


_REGISTRY: dict[str, Callable[[], Stage]] = {}


def register_stage(name: str) -> Callable[[Callable[[], Stage]], Callable[[], Stage]]:
    """Register a stage factory under `name` (a later registration replaces an earlier one)."""

    def add(factory: Callable[[], Stage]) -> Callable[[], Stage]:
        _REGISTRY[name] = factory
        return factory

    return add


def stage_names() -> list[str]:
    return sorted(_REGISTRY)


@register_stage("extract")
class ExtractStage:
    """Page → Article: HTML or a text dump through extraction; a corpus row's given fields as they are."""

    name: ClassVar[str] = "extract"
    version: ClassVar[str] = __version__  # extraction rules change with every release
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("article",)

    def load(self, settings: Settings) -> None:
        pass  # extraction's tables load on import

    def run(self, item: Processed) -> None:
        page = item.page
        if page.given.get("text"):
            # A corpus row is already extracted: build the article from its fields.
            from .extract.given import article_from_given

            item.article = article_from_given(page)
            return
        try:
            item.article = extract_checked(page)
        except ExtractionFailed as exc:
            raise StageFailed(exc.code, exc.message) from None


@register_stage("enrich")
class EnrichStage:
    """Article → Enrichment (outputs["enrich"]): entities, actors, places, times and quotes of its body.

    spaCy and the tables are imported and loaded in `load`, once per process, so that `import
    dateline` and extraction-only runs stay light.
    """

    name: ClassVar[str] = "enrich"
    version: ClassVar[str] = "4"  # 2: well-known figures give a person's country; 3: also by title and surname;
    # 4: titles with "general" after the noun ("consul general") are that office, not a general; a text
    # identified as Nigerian Pidgin is read by the English rules and parse
    requires: ClassVar[tuple[str, ...]] = ("extract",)
    assigns: ClassVar[tuple[str, ...]] = ("enrich",)

    def load(self, settings: Settings) -> None:
        from .enrich.countries import load_countries
        from .enrich.gazetteer import load_gazetteer
        from .enrich.nlp import load_pipeline
        from .enrich.roles import load_groups, load_roles

        self.pipeline = settings.nlp_pipeline
        self.known: Any = None  # the actor knowledge base's snapshot, given by `Pipeline.use_known_actors`
        load_pipeline(self.pipeline)
        load_gazetteer()
        load_countries()
        load_roles()
        load_groups()

    def prepare_many(self, items: Sequence[Processed]) -> list[object | None]:
        """The bodies parsed in batches (`nlp.pipe`); None for an item `run` parses alone or not at all."""
        from .enrich.enrich import parse_articles

        return list(parse_articles([item.article for item in items], pipeline=self.pipeline))

    def run(self, item: Processed, prepared: object | None = None) -> None:
        from .enrich.enrich import article_doc, enrich_article

        if item.article is not None:
            doc = article_doc(item.article, pipeline=self.pipeline, doc=cast("Doc | None", prepared))
            item.outputs[self.name] = enrich_article(item.article, pipeline=self.pipeline, doc=doc, known=self.known)
            item.scratch["doc"] = doc  # for the events stage, which reads the same parse


@register_stage("events")
class EventsStage:
    """Article + Enrichment → events (outputs["events"]): who did what to whom, when and where, coded
    in PLOVER and CAMEO from each sentence's parse, with the sentence as evidence.

    It reads the parse enrichment made in the same run; run alone (reprocess --stage events), it parses.
    """

    name: ClassVar[str] = "events"
    version: ClassVar[str] = "5"  # 3: the third round (subjects of reduced relatives, domestic targets); 4: the fourth
    # round; 5: a target named in words no actor is found for is not guessed to be the doer's own state,
    # a finite verb is no conjunct of one after a modal ("must not come ..., and accused"), a place hung
    # on a recipient is where, not whom, and "ago" right after an event noun dates it
    requires: ClassVar[tuple[str, ...]] = ("enrich",)
    assigns: ClassVar[tuple[str, ...]] = ("events",)

    def load(self, settings: Settings) -> None:
        from .enrich.nlp import load_pipeline
        from .events.lexicon import load_lexicon
        from .events.plover import load_ontology

        self.pipeline = settings.nlp_pipeline
        load_pipeline(self.pipeline)
        self.lexicon = load_lexicon(settings.event_lexicon or None)
        self.ontology = load_ontology(settings.event_ontology or None)
        self.dictionaries: Any = None  # a user's TABARI/PETRARCH dictionaries code instead of the lexicon
        if settings.event_dictionaries:
            from .events.petrarch import DictionaryCoder

            self.dictionaries = DictionaryCoder.from_folder(settings.event_dictionaries,
                                                            nlp=load_pipeline(self.pipeline))

    def prepare_many(self, items: Sequence[Processed]) -> list[object | None]:
        """The parses enrichment left; the others parsed in batches."""
        from .enrich.enrich import parse_articles

        missing = [i for i, item in enumerate(items) if "doc" not in item.scratch]
        docs: list[object | None] = [item.scratch.get("doc") for item in items]
        if missing:
            parsed = parse_articles([items[i].article for i in missing], pipeline=self.pipeline)
            for i, doc in zip(missing, parsed, strict=True):
                docs[i] = doc
        return docs

    def run(self, item: Processed, prepared: object | None = None) -> None:
        from .enrich.enrich import article_doc
        from .events.coder import code_article

        enrichment = item.outputs.get("enrich")
        if item.article is None or enrichment is None:
            return
        doc = prepared if prepared is not None else item.scratch.get("doc")
        doc = article_doc(item.article, pipeline=self.pipeline, doc=cast("Doc | None", doc))
        if doc is None:
            item.outputs[self.name] = []
        elif self.dictionaries is not None:
            from .events.dictionary_events import dictionary_events

            item.outputs[self.name] = dictionary_events(item.article, doc, self.dictionaries, self.ontology)
        else:
            item.outputs[self.name] = code_article(item.article, enrichment, doc, self.lexicon, self.ontology)


@register_stage("stories")
class StoriesStage:
    """Article → what finds its duplicates and its story (outputs["stories"], stories/inputs.py):
    its near-duplicate fingerprint and, where earlier stages ran, its actors, places and events.
    The store puts it in its duplicate group and its story."""

    name: ClassVar[str] = "stories"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("extract",)
    assigns: ClassVar[tuple[str, ...]] = ("stories",)

    def load(self, settings: Settings) -> None:
        pass

    def run(self, item: Processed) -> None:
        from .model import Enrichment
        from .stories.inputs import story_input

        if item.article is not None and item.article.is_article:
            enrichment = item.outputs.get("enrich")
            events = item.outputs.get("events") or []
            item.outputs[self.name] = story_input(
                item.article, enrichment if isinstance(enrichment, Enrichment) else None, events)


class Pipeline:
    """An ordered list of loaded stages; calling it runs a page (or a work item) through them."""

    def __init__(self, stages: Sequence[Stage], time_limit_s: float | None = None) -> None:
        seen: set[str] = set()
        for stage in stages:
            missing = [r for r in stage.requires if r not in seen]
            if missing:
                raise ConfigError(f"stage {stage.name!r} needs {', '.join(missing)} before it")
            seen.add(stage.name)
        self.stages = list(stages)
        self.time_limit_s = time_limit_s

    @classmethod
    def from_settings(cls, settings: Settings, names: Sequence[str] | None = None) -> Pipeline:
        """The stages named in the settings (or `names`), created and loaded, in that order."""
        wanted = list(names) if names is not None else parse_stages(settings.stages)
        stages = [_REGISTRY[name]() for name in wanted]
        for stage in stages:
            stage.load(settings)
        return cls(stages, settings.time_limit)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def use_known_actors(self, known: Any) -> None:
        """Give the stages that resolve actors this read-only snapshot of the knowledge base
        (`enrich.actors_known.KnownActors`); the caller reads it from the store."""
        for stage in self.stages:
            if hasattr(stage, "known"):
                stage.known = known

    def downstream(self, name: str) -> list[str]:
        """`name` and every stage of this pipeline that depends on it, directly or not, in order."""
        if name not in self.names:
            raise ConfigError(f"no stage {name!r} in the pipeline ({', '.join(self.names)}); add it with --stages")
        picked = {name}
        for stage in self.stages:
            if any(r in picked for r in stage.requires):
                picked.add(stage.name)
        return [n for n in self.names if n in picked]

    def __call__(self, work: Page | Processed, only: Sequence[str] | None = None) -> Processed:
        """Run the stages (or those named in `only`) in order; a failure stops the item there."""
        item = work if isinstance(work, Processed) else Processed(work)
        for stage in self.stages:
            if only is not None and stage.name not in only:
                continue
            self._run_one(stage, item)
            if item.failure is not None:
                break
        item.scratch.clear()  # (a parse is let go once its item is done)
        return item

    def run_batch(self, works: Sequence[Page | Processed], only: Sequence[str] | None = None) -> list[Processed]:
        """`self(work, only)` for each work item, in order, with the same results, but each stage
        that has `prepare_many` prepares the items that reach it together.

        A stage's batch part runs within the per-document limit times the number of items; when
        it raises or overruns (a pathological document), the items run through the stage one by
        one as they would alone. Each item's own part runs under the per-document limit, and a
        failure stops that item only.
        """
        items = [work if isinstance(work, Processed) else Processed(work) for work in works]
        stopped = [False] * len(items)
        for stage in self.stages:
            if only is not None and stage.name not in only:
                continue
            live = [i for i, done in enumerate(stopped) if not done]
            prepared = list(self._prepare(stage, [items[i] for i in live]))
            for k, i in enumerate(live):
                ready, prepared[k] = prepared[k], None  # (a parse is let go once its item is done)
                self._run_one(stage, items[i], ready)
                stopped[i] = items[i].failure is not None
        for item in items:
            item.scratch.clear()
        return items

    def _prepare(self, stage: Stage, items: list[Processed]) -> Sequence[object | None]:
        """What `stage.prepare_many` makes of the items (None each where it has none, or failed)."""
        nothing: list[object | None] = [None] * len(items)
        prepare_many = getattr(stage, "prepare_many", None)
        if prepare_many is None or len(items) < 2:
            return nothing
        budget = self.time_limit_s * len(items) if self.time_limit_s else None
        try:
            with time_limit(budget):
                prepared = prepare_many(items)
        except Exception:  # noqa: BLE001 - a time limit, a bug, no memory: each item then runs alone
            return nothing
        return prepared if len(prepared) == len(items) else nothing

    def _run_one(self, stage: Stage, item: Processed, prepared: object | None = None) -> None:
        """One stage on one item under the per-document time limit; what went wrong becomes its failure."""
        try:
            with time_limit(self.time_limit_s):
                if prepared is None:
                    stage.run(item)
                else:
                    stage.run(item, prepared)  # type: ignore[call-arg]  # a BatchStage's run
        except StageFailed as exc:
            item.failure = Failure(stage.name, exc.code, exc.message)
        except TimeLimitExceeded:
            item.failure = Failure(stage.name, "time_limit",
                                   f"gave up after the time limit of {self.time_limit_s:g} s")
        except RecursionError:
            item.failure = Failure(stage.name, "too_deep", "the document is nested too deeply to process")
        except MemoryError:
            item.failure = Failure(stage.name, "too_large", "the document is too large to process")
        except Exception as exc:  # a bug of ours on one page must not cost the rest of a batch
            item.failure = Failure(stage.name, "bug",
                                   f"{stage.name} failed ({type(exc).__name__}: {exc}); please report this page")
        item.versions[stage.name] = stage.version


def parse_stages(text: str) -> list[str]:
    """`extract,enrich` → the stage names, checked against the registry."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise ConfigError("stages: name at least one stage, e.g. --stages extract")
    unknown = [n for n in names if n not in _REGISTRY]
    if unknown:
        raise ConfigError(f"unknown stage {', '.join(unknown)}: the stages are {', '.join(stage_names())}")
    return names


# -- running many ---------------------------------------------------------------------------------

# The pipeline of this process: made once by the worker initializer (or on first use in this
# process), so that resources are loaded once per process, not per document.
_PROCESS_PIPELINE: tuple[tuple[str, ...], Settings, Pipeline] | None = None


def process_pipeline(settings: Settings, names: Sequence[str]) -> Pipeline:
    """The loaded pipeline of this process for these stages and settings, made on first use."""
    global _PROCESS_PIPELINE
    if _PROCESS_PIPELINE is None or _PROCESS_PIPELINE[:2] != (tuple(names), settings):
        _PROCESS_PIPELINE = (tuple(names), replace(settings), Pipeline.from_settings(settings, names))
    return _PROCESS_PIPELINE[2]


def _init_worker(settings: Settings, names: Sequence[str], known_actors: Any = None) -> None:
    # Ctrl-C goes to the whole process group; the parent decides what to keep, workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    process_pipeline(settings, names).use_known_actors(known_actors)


# Work items run together through a pipeline with a batching stage (`prepare_many`); other
# pipelines take one at a time.
BATCH_ITEMS = 32

_Work = tuple[Settings, tuple[str, ...], list[Processed], tuple[str, ...] | None]


def _run_in_worker(args: _Work) -> list[Processed]:
    settings, names, items, only = args
    return _run_works(process_pipeline(settings, names), items, only)


def _run_works(pipeline: Pipeline, works: Sequence[Page | Processed], only: Sequence[str] | None) -> list[Processed]:
    if len(works) == 1:
        return [pipeline(works[0], only)]
    return pipeline.run_batch(works, only)


def _batch_items(names: Sequence[str]) -> int:
    """Work items per run: BATCH_ITEMS when a stage batches, else 1."""
    return BATCH_ITEMS if any(hasattr(_REGISTRY[name], "prepare_many") for name in names) else 1


def _chunks(items: Iterable[tuple[T, Page | Processed | None]], size: int) -> Iterator[list[tuple[T, Page | Processed | None]]]:
    chunk: list[tuple[T, Page | Processed | None]] = []
    for entry in items:
        chunk.append(entry)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _works(chunk: list[tuple[T, Page | Processed | None]]) -> list[Processed]:
    return [work if isinstance(work, Processed) else Processed(work) for _, work in chunk if work is not None]


def _merge(chunk: list[tuple[T, Page | Processed | None]], done: list[Processed]) -> Iterator[tuple[T, Processed | None]]:
    """The chunk's tags with their results, in input order; None where the page was None."""
    results = iter(done)
    for tag, work in chunk:
        yield tag, None if work is None else next(results)


def process(page: Page, settings: Settings | None = None) -> Processed:
    """One page through the stages of the settings (default: extraction)."""
    settings = settings or Settings()
    return process_pipeline(settings, parse_stages(settings.stages))(page)


def process_many(
    items: Iterable[tuple[T, Page | Processed | None]],
    settings: Settings | None = None,
    *,
    jobs: int | None = None,
    only: Sequence[str] | None = None,
    known_actors: Any = None,
) -> Iterator[tuple[T, Processed | None]]:
    """Run work items in input order, in `jobs` processes (default: the settings'); each item
    carries a tag the caller gets back. `only`: run just these stages of the pipeline.

    Items whose page is None pass through untouched (a read failure the caller reports). When
    a stage batches (the enrich stage's `nlp.pipe`), items are read BATCH_ITEMS ahead and run
    together through `Pipeline.run_batch`, with the same results as one by one.
    `known_actors`: the knowledge base's snapshot for the stages that resolve actors (workers get
    it once, when they start).
    """
    settings = settings or Settings()
    names = tuple(parse_stages(settings.stages))
    jobs = settings.jobs if jobs is None else jobs
    only_names = tuple(only) if only is not None else None
    # Never more than a store batch: an ingest run learns actors from each batch before the next.
    size = min(_batch_items(names), settings.batch_size)
    if jobs <= 1:
        pipeline = process_pipeline(settings, names)
        pipeline.use_known_actors(known_actors)
        for chunk in _chunks(items, size):
            works = _works(chunk)
            yield from _merge(chunk, _run_works(pipeline, works, only_names) if works else [])
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                               initargs=(settings, names, known_actors))
    try:
        window: deque[tuple[list[tuple[T, Page | Processed | None]], Future[list[Processed]] | None]] = deque()
        for chunk in _chunks(items, size):
            works = _works(chunk)
            window.append((chunk, pool.submit(_run_in_worker, (settings, names, works, only_names)) if works else None))
            if len(window) >= jobs * (4 if size == 1 else 2):
                head_chunk, head = window.popleft()
                yield from _merge(head_chunk, [] if head is None else head.result())
        while window:
            head_chunk, head = window.popleft()
            yield from _merge(head_chunk, [] if head is None else head.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
