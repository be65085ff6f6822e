"""The two texts the importer writes, rendered without touching a file: the registry as YAML, and
the merges as a markdown list for an analyst to confirm.

The registry YAML keeps its keys in one order and leaves empty ones out, so a hand-edited registry
and an imported one read alike and a re-import that changes nothing renders the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import safe_yaml
from ..records import Actor
from .models import ImportResult

REGISTRY_KEY_ORDER = ("name", "type", "aliases", "acronyms", "wikidata", "notes")
REGISTRY_HEADER = """\
# The actor registry: one canonical name per actor, with the other ways it is written.
# type: person | organization | government | group | place
# aliases: other names and descriptions (matched without case, accents or punctuation);
# acronyms: matched as written. Edited by hand or by `newsevents registry import`
# (which keeps every actor and field already here); read without aliases.
"""
# Lines of the registry YAML are folded beyond this width.
_YAML_WIDTH = 100


def render_registry(actors: Sequence[Actor], *, header: str = REGISTRY_HEADER) -> str:
    """The registry as YAML (safe_yaml.dump): keys in the order name, type, aliases, acronyms,
    wikidata, notes; empty ones left out."""
    items = []
    for actor in actors:
        data = actor.model_dump()
        items.append({k: data[k] for k in REGISTRY_KEY_ORDER if data.get(k) not in (None, "", [])})
    body = safe_yaml.dump({"actors": items}, sort_keys=False, allow_unicode=True, default_flow_style=False,
                          width=_YAML_WIDTH)
    return header + body


def render_merges(result: ImportResult, *, source: str = "events") -> str:
    """The merges as a markdown review list: one entry per actor, every folded variant with its uses
    and rule; then the doubts to check by hand and the strings left out."""
    s = result.stats
    lines = [
        "# Actor registry import: merges to confirm",
        "",
        f"Source: {source}: {s.events:,} events, {s.strings:,} distinct actor strings ({s.uses:,} uses), "
        f"{s.groups:,} actors after grouping.",
        f"Registry: {s.actors_before:,} actors before, {s.actors_after:,} after ({s.actors_added:,} new, "
        f"{s.actors_updated:,} already there given new names); {s.aliases_added:,} aliases and "
        f"{s.acronyms_added:,} acronyms added.",
        "",
        "Each entry is one actor: its canonical name, then every variant folded into it with its",
        "uses and the rule that folded it (rules: `pipeline/registry_import.py`). Strike out a wrong",
        "variant and move it in `models/actors.yaml` by hand.",
        "",
        f"## Merges ({len(result.merges):,})",
        "",
    ]
    for merge in sorted(result.merges, key=lambda m: (-m.uses, m.canonical)):
        where = f"into existing actor '{merge.actor}'" if merge.existing else "new actor"
        lines.append(f"### {merge.canonical} ({merge.type}, {merge.uses:,} uses; {where})")
        lines.append("")
        lines.extend(f"- [ ] `{v.text}`: {v.uses} uses, {v.rule}" for v in merge.variants)
        lines.append("")
    lines += [f"## To check by hand ({len(result.checks):,})", ""]
    lines.extend(f"- {check}" for check in result.checks)
    lines += ["", f"## Not imported ({len(result.skipped):,})", ""]
    lines.extend(f"- `{s.text}` ({s.uses} uses): {s.reason}" for s in result.skipped)
    return "\n".join(lines) + "\n"
