"""The review queue from its index (issue 18): a draft file is read again only when its size or
modification time changed; broken files are listed with their problem; the index is a cache."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.draft_file import render_draft
from pipeline.queue import INDEX_NAME, broken_drafts, queue
from pipeline.records import EventDraft, Provenance, Source


def write(folder: Path, draft_id: str, title: str, **fields) -> Path:
    fields.setdefault("description", "d")
    draft = EventDraft(id=draft_id, date=draft_id[:10], title=title, actors=["Ana Ruiz"],
                       sources=[Source(url=f"https://news.example/{draft_id}", outlet="Bay Ledger")],
                       provenance=Provenance(inputs=["a" * 64], pipeline_version="t", date_rule="t"), **fields)
    path = folder / f"{draft_id}.md"
    path.write_text(render_draft(draft))
    return path


def test_the_queue_reads_a_draft_again_only_when_it_changed(tmp_path):
    a = write(tmp_path, "2025-01-02--pier-sale", "Pier sold")
    write(tmp_path, "2025-01-03--council-vote", "Council votes", importance=4)
    items, counts = queue(tmp_path)
    assert [i.title for i in items] == ["Council votes", "Pier sold"] and counts == {"draft": 2}
    assert (tmp_path / INDEX_NAME).exists()
    # the same size and time: the index's summary stands (the file is not read)
    stat = a.stat()
    a.write_text(a.read_text().replace("title: Pier sold", "title: Pier SOLD"))
    os.utime(a, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert [i.title for i in queue(tmp_path)[0]][1] == "Pier sold"
    # changed: read again
    os.utime(a, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [i.title for i in queue(tmp_path)[0]][1] == "Pier SOLD"
    (tmp_path / INDEX_NAME).unlink()  # a cache: built again
    assert [i.importance for i in queue(tmp_path, sort="importance")[0]] == [4, None]


def test_a_broken_file_is_listed_with_its_problem_and_a_removed_one_is_gone(tmp_path):
    write(tmp_path, "2025-01-02--pier-sale", "Pier sold")
    bad = tmp_path / "2025-01-04--broken.md"
    bad.write_text("---\ntitle: [unclosed\n---\n")
    (tmp_path / "2025-01-02--pier-sale.rev-abc123.md").write_text("a revision, not in the queue")
    assert [i.id for i in queue(tmp_path)[0]] == ["2025-01-02--pier-sale"]
    ((path, problem),) = broken_drafts(tmp_path)
    assert path == bad and "line" in problem
    bad.unlink()
    assert broken_drafts(tmp_path) == [] and len(queue(tmp_path)[0]) == 1


def test_search_filters_sorts_and_the_next_pending_draft(tmp_path):
    from pipeline.queue import Filters, next_after

    write(tmp_path, "2025-01-02--pier-sale", "Pier sold", importance=2)
    write(tmp_path, "2025-01-03--council-vote", "Council votes", kind="background", status="rejected")
    write(tmp_path, "2025-01-05--port-deal", "Port deal", description="The port authority signed with Ana Ruiz.")
    path = tmp_path / "2025-01-05--port-deal.md"
    path.write_text(path.read_text().replace("  already_cited: []", "  already_cited: [{\"url\": \"https://x.example\", \"events\": [\"e\"]}]"))

    def ids(**given) -> list[str]:
        return [i.id for i in queue(tmp_path, filters=Filters(**given))[0]]

    assert ids(status="draft") == ["2025-01-05--port-deal", "2025-01-02--pier-sale"]  # pending, newest first
    assert ids(q="port RUIZ") == ["2025-01-05--port-deal"] and ids(q="bay ledger sold") == ["2025-01-02--pier-sale"]
    assert ids(kind="background") == ["2025-01-03--council-vote"]
    assert ids(match="cited") == ["2025-01-05--port-deal"] and len(ids(match="new")) == 2
    assert ids(since="2025-01-03", until="2025-01-04") == ["2025-01-03--council-vote"]
    assert ids(outlet="bay ledger") == ids() and ids(outlet="Other") == []
    assert [i.id for i in queue(tmp_path, sort="oldest")[0]][0] == "2025-01-02--pier-sale"
    assert [i.id for i in queue(tmp_path, sort="match")[0]][0] == "2025-01-05--port-deal"
    # after a decision: the next pending draft of the queue, then round to the first; none left: None
    every = queue(tmp_path, filters=Filters())[0]
    assert next_after(every, "2025-01-05--port-deal") == "2025-01-02--pier-sale"
    assert next_after(every, "2025-01-02--pier-sale") == "2025-01-05--port-deal"
    assert next_after(every, "no-such-draft") == "2025-01-05--port-deal"
