"""A large generated actor registry for benchmarks: the project's registry plus invented actors
up to a given size (10,000 actors with 30,000 aliases by default), the same for the same seed.

Names are built from invented syllables and common organisation words, so the fuzzy matcher
meets what a big real registry gives it: many aliases sharing words like "Ministry" or "Bank".
"""

from __future__ import annotations

import random
from pathlib import Path

from pipeline import safe_yaml
from pipeline.records import Actor
from pipeline.store import load_registry

SYLLABLES = "ka lo mi ra ven dor sel tan bri gor al ust per vin zel ko dra mun tes lir ob han fe".split()
ORG_WORDS = ["Ministry of", "Bank of", "Party of", "Council of", "Fund for", "Agency for", "Union of", "Institute of"]
ORG_TOPICS = ["Finance", "Energy", "Trade", "Defence", "Justice", "Development", "Transport", "Health", "Labour",
              "Mining", "Shipping", "Culture", "Water", "Security", "Industry", "Reform"]
ORG_SUFFIXES = ["Holdings", "Group", "Capital", "Partners", "Foundation", "Bank", "Trust", "Media"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def make_registry(base: list[Actor], actors: int = 10_000, aliases: int = 30_000, seed: int = 5) -> list[Actor]:
    """`base` plus invented people and organisations up to `actors` actors and about `aliases` aliases."""
    rng = random.Random(seed)
    out, names = list(base), {a.name for a in base}
    per_actor = max(0, aliases - sum(len(a.aliases) for a in base)) / max(1, actors - len(base))
    while len(out) < actors:
        want = int(per_actor) + (rng.random() < per_actor - int(per_actor))
        if rng.random() < 0.6:
            first, middle, last = _word(rng, 2), _word(rng, 2), _word(rng, rng.randint(2, 3))
            name = f"{first} {last}"
            options = [f"{first} {middle} {last}", f"{first[0]}. {last}", f"{first} {middle[0]}. {last}",
                       f"{first[0]}. {middle[0]}. {last}", f"{first}-{middle} {last}"]
            actor = Actor(name=name, type="person", aliases=options[:want])
        else:
            place = _word(rng, rng.randint(2, 3))
            if rng.random() < 0.5:
                name = f"{rng.choice(ORG_WORDS)} {place} {rng.choice(ORG_TOPICS)}"
            else:
                name = f"{place} {_word(rng, 2)} {rng.choice(ORG_SUFFIXES)}"
            acronym = "".join(w[0] for w in name.split() if w[0].isupper())
            options = [f"{place}'s {name.split()[-1]}", f"the {name}", f"{name} Ltd", f"{place} {name.split()[0]}",
                       f"{name.split()[0]} {place}"]
            actor = Actor(name=name, type="organization", aliases=options[:want],
                          acronyms=[acronym] if rng.random() < 0.3 else [])
        if actor.name not in names:
            names.add(actor.name)
            out.append(actor)
    return out


def write_registry(path: Path, base: Path, actors: int = 10_000, aliases: int = 30_000) -> tuple[int, int]:
    """Write the generated registry as YAML; RETURNS (actors, aliases)."""
    made = make_registry(load_registry(base), actors, aliases)
    data = {"actors": [a.model_dump(exclude_defaults=True) for a in made]}
    path.write_text(safe_yaml.dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(made), sum(len(a.aliases) for a in made)
