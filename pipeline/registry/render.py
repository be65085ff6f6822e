"""The merges as a markdown list for an analyst to confirm, rendered without touching a file.
(The registry itself is rendered and written by pipeline/store/registry.py, with every other read
and write of the registry file.)
"""

from __future__ import annotations

from .models import ImportResult


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
        "uses and the rule that folded it (rules: `pipeline/registry/links.py`). Strike out a wrong",
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
