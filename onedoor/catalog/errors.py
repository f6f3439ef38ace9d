"""The catalog's refusal codes; each answers 422 unless core says otherwise."""

from enum import StrEnum


class CatalogErrorCode(StrEnum):
    INVALID_CATALOG = "invalid_catalog"
    INVALID_VERSION = "invalid_version"
    INVALID_CONDITION = "invalid_condition"
    UNKNOWN_FACT = "unknown_fact"
    INVALID_FACT_PARAMS = "invalid_fact_params"
    VERSION_OVERLAP = "version_overlap"
    VERSION_NOT_DRAFT = "version_not_draft"
    VERSION_NOT_PUBLISHED = "version_not_published"
    DRAFT_EXISTS = "draft_exists"
    INVALID_BUNDLE = "invalid_bundle"
    BUNDLE_NOT_DRAFT = "bundle_not_draft"
    NO_VERSION_IN_FORCE = "no_version_in_force"
