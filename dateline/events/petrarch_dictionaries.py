"""A folder of TABARI/PETRARCH dictionaries, each file recognised by its name as PETRARCH's
configurations name them (`*verbs*` or `CAMEO*`, `*actors*`, `*agents*`, `*discards*`, `*ontology*`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import ConfigError
from .petrarch_verbs import VerbDictionary, read_verbs
from .tabari import ActorDictionary, AgentDictionary, Discards, read_actors, read_agents, read_discards, read_ontology


@dataclass
class DictionarySet:
    verbs: VerbDictionary
    actors: ActorDictionary
    agents: AgentDictionary
    discards: Discards
    ontology: dict[str, int] = field(default_factory=dict)

    @property
    def problems(self) -> list[ConfigError]:
        return self.verbs.problems + self.actors.problems + self.agents.problems + self.discards.problems


def kind_of(path: Path) -> str | None:
    """Which dictionary a file holds, from its name as PETRARCH's configurations name them."""
    name = path.name.lower().removesuffix(".gz")
    if not name.endswith(".txt"):
        return None
    if "actor" in name:
        return "actors"
    if "agent" in name:
        return "agents"
    if "discard" in name:
        return "discards"
    if "ontology" in name:
        return "ontology"
    if "verb" in name or name.startswith("cameo"):
        return "verbs"
    return None


def read_folder(folder: Path, strict: bool = False) -> DictionarySet:
    """Every dictionary in `folder`; several actor files (Phoenix ships three) are read together."""
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such dictionary folder")
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        kind = kind_of(path)
        if kind:
            files.setdefault(kind, []).append(path)
    if "verbs" not in files or "actors" not in files:
        raise ConfigError(f"{folder}: a dictionary folder needs a verbs file and an actors file")
    verbs = VerbDictionary()
    for p in files["verbs"]:
        part = read_verbs(p, strict)
        verbs.blocks += part.blocks
        verbs.synsets.update(part.synsets)
        verbs.problems += part.problems
        verbs.dialect = part.dialect
    actors = ActorDictionary()
    for p in files["actors"]:
        a = read_actors(p, strict)
        actors.actors += a.actors
        actors.problems += a.problems
    agents = AgentDictionary()
    for p in files.get("agents", []):
        g = read_agents(p, strict)
        agents.agents += g.agents
        agents.problems += g.problems
    discards = Discards()
    for p in files.get("discards", []):
        d = read_discards(p, strict)
        discards.sentence += d.sentence
        discards.story += d.story
    ontology: dict[str, int] = {}
    for p in files.get("ontology", []):
        ontology.update(read_ontology(p, strict))
    return DictionarySet(verbs, actors, agents, discards, ontology)
