"""Every write to the catalog, each one transaction with its audit event.

Version life cycle in ``versions``, bundles in ``bundles``, departments and synonyms in
``synonyms``, the catalog file in ``importing``.
"""

from onedoor.catalog.actions.bundles import (
    archive_bundle,
    publish_bundle,
    record_bundle_edit,
    reopen_bundle,
)
from onedoor.catalog.actions.common import catalog_changed
from onedoor.catalog.actions.importing import ImportReport, import_catalog
from onedoor.catalog.actions.synonyms import (
    delete_synonym,
    record_department_edit,
    refresh_search_texts,
    save_synonym,
)
from onedoor.catalog.actions.versions import (
    archive_version,
    create_draft_version,
    create_matter,
    publish_version,
    record_draft_edit,
    register_matter,
    set_version_validity,
)

__all__ = [
    "ImportReport",
    "archive_bundle",
    "archive_version",
    "catalog_changed",
    "create_draft_version",
    "create_matter",
    "delete_synonym",
    "import_catalog",
    "publish_bundle",
    "publish_version",
    "record_bundle_edit",
    "record_department_edit",
    "record_draft_edit",
    "refresh_search_texts",
    "register_matter",
    "reopen_bundle",
    "save_synonym",
    "set_version_validity",
]
