"""All file I/O for records: raw/ (content-addressed), extracted/ (drafts), the ledger, the registry.

One module per kind of file; each imports only records, errors, settings, the leaf utilities
`safe_yaml` and `names`, and its neighbours here (never a stage):

    files.py      atomic writes, whole appends, temporary files of killed runs, kernel locks
    raw.py        raw/objects/ab/<sha256> (+ .json sidecar): the bytes as collected, written once
    ledger.py     extracted/.ledger.sqlite: processed inputs, written drafts, events and their
                  sources, seen URLs, the audit trail, failures
    failures.py   extracted/failures.jsonl: every input that did not become a draft, once
    analyses.py   extracted/.analyses/ab/<sha256>.json.gz: each article's analysis
    drafts.py     extracted/<id>.md (and <id>.rev-<hash>.md): never over an analyst's edits
    locks.py      extracted/.run.lock: one run per folder
    registry.py   models/actors.yaml: every read and write of the registry file

Every write goes to a temporary file and is renamed into place; a write that fails raises
StorageError naming the file and the cause and leaves nothing half-written.
"""

from .analyses import ANALYSES_DIR, analysis_path, load_analysis, save_analysis
from .drafts import (
    DRAFT_LOCK_NAME,
    WriteOutcome,
    allocate_event_id,
    draft_lock,
    draft_path,
    write_draft,
    write_drafts,
)
from .failures import FAILURES_LOCK_NAME, FAILURES_NAME, record_failures
from .files import (
    FILE_MODE,
    TEMP_SUFFIX,
    atomic_write,
    file_lock,
    remove_stale_temp_files,
    sha256_bytes,
    storage_error,
)
from .ledger import LEDGER_NAME, Ledger, open_ledger
from .locks import RUN_LOCK_NAME, run_lock
from .raw import (
    iter_raw_documents,
    raw_object_path,
    read_raw,
    store_raw,
    unprocessed_documents,
)
from .registry import (
    RegistryChangeRefused,
    RegistryProblem,
    add_actor,
    add_alias,
    holds_registry,
    load_registries,
    load_registry,
    registry_name_key,
    registry_problem,
    render_registry,
    write_registry,
)

__all__ = [
    "ANALYSES_DIR", "DRAFT_LOCK_NAME", "FAILURES_LOCK_NAME", "FAILURES_NAME", "FILE_MODE", "LEDGER_NAME",
    "RUN_LOCK_NAME", "TEMP_SUFFIX", "Ledger", "RegistryChangeRefused", "RegistryProblem", "WriteOutcome",
    "add_actor", "add_alias", "allocate_event_id", "analysis_path", "atomic_write", "draft_lock", "draft_path",
    "file_lock", "holds_registry", "iter_raw_documents", "load_analysis", "load_registries", "load_registry", "open_ledger", "raw_object_path",
    "read_raw", "record_failures", "registry_name_key", "registry_problem", "remove_stale_temp_files",
    "render_registry", "run_lock", "save_analysis", "sha256_bytes", "storage_error", "store_raw",
    "unprocessed_documents", "write_draft", "write_drafts", "write_registry",
]
