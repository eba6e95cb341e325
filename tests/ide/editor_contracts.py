"""Each contract as the yaml-language-server tests see it: its corpus and where its files
are opened, the codes the editor labels and those it cannot know, the fields it documents,
a valid document that sets one field, and its profiles; and what the server answers for
all of a contract's documents at once (kept per server and contract).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, Final

import pytest
import yaml

from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1, V2, Contract
from stream_kernel.config._document import ANY_KEY
from stream_kernel.config._schema import BRANCHES, CODE_KEYWORD, iter_subschemas
from tests.support.corpus import Example
from tests.support.editor_messages import EDITOR_KEYWORDS, editor_codes

from .editor import complete_many, hover_many, key_position, nested, publish_all
from .interop import DOCUMENTS, V2_DOCUMENTS, corpus, fresh_uri
from .lsp import LspClient

__all__ = [
    "EDITOR_CONTRACTS",
    "IPC_BLOCKS",
    "V1_EDITOR",
    "V2_EDITOR",
    "EditorContract",
    "codes_seen",
    "each_example",
    "each_field",
    "enum_completions",
    "hovers",
    "published",
    "value_request",
]

Field = tuple[tuple[str, ...], Mapping[str, Any]]

#: The one corpus file the editor cannot flag: an empty document has no node to mark.
EMPTY_DOCUMENT: Final = "root-empty"
#: v2: where a subschema is no field of its own: a condition, a rule's branch, a key's rule.
NOT_FIELDS: Final = {"if", "then", "else", "allOf", "anyOf", "not", "propertyNames"}
#: v2: a group name for paths through a `per_group` map.
GROUP: Final = "workers"
#: v2: the blocks that are execution IPC blocks (their transport defaults to tcp_local).
IPC_BLOCKS: Final = {
    ("runtime", "platform", "execution_ipc"),
    (*("runtime", "platform"), "execution_ipc", "control"),
}


def labelled_codes(contract: Contract) -> frozenset[str]:
    """Codes the editor labels whenever they fire: every keyword that raises them shows the
    `errorMessage` (v2's SK-CFG-210 is also raised by `minLength`, which keeps the
    server's text)."""
    schema = contract.schema()
    shown = {code for _, _, s in iter_subschemas(schema) for _, code in editor_codes(s)}
    unlabelled = {
        code
        for _, _, s in iter_subschemas(schema)
        for keyword, code in s.get(CODE_KEYWORD, {}).items()
        if keyword not in EDITOR_KEYWORDS
    }
    return frozenset(shown - unlabelled)


def not_schema_rule_codes(contract: Contract) -> frozenset[str]:
    """Codes no schema rule raises (`raised_by` in the catalog: the validator's own, the
    loader's and the lint rules'): the editor cannot know them."""
    return frozenset(c for c, entry in catalog(contract).items() if entry.get("raised_by"))


def v1_fields() -> list[Field]:
    """Owned fields: every property subschema outside the if/then/else branches."""
    return [
        (at, s)
        for at, where, s in iter_subschemas(V1.schema())
        if at and not set(BRANCHES) & set(where)
    ]


def v2_fields() -> list[Field]:
    """Every owned field (each path through `control` and the overrides), with its schema."""
    return [
        (tuple(GROUP if p == ANY_KEY else p for p in at), s)
        for at, where, s in iter_subschemas(V2.schema())
        if len(at) > 2 and not NOT_FIELDS & set(where) and "title" in s
    ]


def v2_valid_document(at: tuple[str, ...], value: object) -> str:
    """A document that sets the field at ``at`` and is valid v2: each execution IPC block
    on the way gets the `bind_host` that tcp_local (the default transport) requires."""
    document: dict[str, Any] = {}
    node = document
    for depth, part in enumerate(at[:-1]):
        node = node.setdefault(part, {})
        if at[: depth + 1] in IPC_BLOCKS and at[depth + 1] != "bind_host":
            node["bind_host"] = "127.0.0.1"
    node[at[-1]] = value
    return yaml.safe_dump(document, default_flow_style=False, sort_keys=False)


@dataclass(frozen=True, eq=False)
class EditorContract:
    """One contract's expectations in the editor (compared, and cached, by identity).

    ``under`` is the made-up folder the test settings map to its schema; ``opened_at``
    is where each corpus file is opened (which binds it to the schema); ``document`` is
    a valid document that sets one field; ``profiles`` is how many snippets it offers.
    """

    contract: Contract
    under: str
    opened_at: Callable[[Example], str]
    fields: list[Field]
    document: Callable[[tuple[str, ...], object], str]
    profiles: int

    @cached_property
    def invalid(self) -> list[Example]:
        return corpus(self.contract, "invalid")

    @cached_property
    def valid(self) -> list[Example]:
        return corpus(self.contract, "valid")

    @cached_property
    def labelled(self) -> frozenset[str]:
        return labelled_codes(self.contract)

    @cached_property
    def not_schema_rules(self) -> frozenset[str]:
        return not_schema_rule_codes(self.contract)

    @cached_property
    def enums(self) -> list[Field]:
        return [(at, s) for at, s in self.fields if "enum" in s]

    @cached_property
    def snippets(self) -> list[str]:
        return [s["label"] for s in self.contract.schema()["defaultSnippets"]]

    @property
    def name(self) -> str:
        return self.contract.name

    def editor_shows(self, example: Example) -> bool:
        """Whether the editor can mark anything in ``example``: not an empty document, and
        not one whose every code is for the CLI only (a self-reference)."""
        codes = {c for c, _ in example.expected}
        return example.id != EMPTY_DOCUMENT and not codes <= self.not_schema_rules


#: v1's corpus files are opened under the folder the settings map to the v1 schema.
V1_EDITOR: Final = EditorContract(
    V1,
    under=DOCUMENTS,
    opened_at=lambda example: fresh_uri(example.path.name),
    fields=v1_fields(),
    document=nested,
    profiles=3,
)
#: v2's corpus files are opened at their own path: the settings map no schema to the
#: examples folder, so only the modeline on each file's first line binds it to v2.
V2_EDITOR: Final = EditorContract(
    V2,
    under=V2_DOCUMENTS,
    opened_at=lambda example: example.path.as_uri(),
    fields=v2_fields(),
    document=v2_valid_document,
    profiles=5,
)
EDITOR_CONTRACTS: Final = (V1_EDITOR, V2_EDITOR)


def _parametrize(
    names: tuple[str, str], each: Callable[[EditorContract], Iterable[tuple[str, object]]]
) -> pytest.MarkDecorator:
    """Parametrizes ``names`` with (contract, case) for each (id, case) that ``each``
    yields for each contract, with the id ``<contract>-<id>``."""
    return pytest.mark.parametrize(
        names,
        [
            pytest.param(contract, case, id=f"{contract.name}-{case_id}")
            for contract in EDITOR_CONTRACTS
            for case_id, case in each(contract)
        ],
    )


def each_example(pick: Callable[[EditorContract], Iterable[Example]]) -> pytest.MarkDecorator:
    """A test of (``contract``, ``example``) for each corpus example ``pick`` chooses of
    each contract, by file name."""
    return _parametrize(("contract", "example"), lambda c: ((e.id, e) for e in pick(c)))


def each_field(pick: Callable[[EditorContract], list[Field]]) -> pytest.MarkDecorator:
    """A test of (``contract``, ``index``) for each field ``pick`` chooses of each contract
    (``index`` into that list), by path."""
    return _parametrize(
        ("contract", "index"), lambda c: ((".".join(at), i) for i, (at, _) in enumerate(pick(c)))
    )


@cache
def published(client: LspClient, contract: EditorContract) -> Mapping[str, list[dict[str, Any]]]:
    """Diagnostics for every corpus file of ``contract``, opened together.

    The server waits about 0.2 s after a change before it validates, so opening the files
    one at a time would cost that much per file. It publishes once per validation, with
    the schema already resolved: the first list for a URI is the verdict (the invalid
    files, opened alongside, show that the schema was bound).
    """
    return publish_all(
        client,
        {ex.id: (contract.opened_at(ex), ex.text) for ex in (*contract.invalid, *contract.valid)},
    )


def codes_seen(client: LspClient, contract: EditorContract) -> set[str]:
    """Every code the editor labels a message with, over the corpus of ``contract``."""
    return {
        m.split(": ")[0]
        for found in published(client, contract).values()
        for d in found
        for m in d["message"].split(" | ")
        if ": " in m
    }


def value_request(at: tuple[str, ...]) -> tuple[str, int, int]:
    """A document ending in ``<last key>: `` with the cursor after the space."""
    text = nested(at, "PLACEHOLDER").replace("PLACEHOLDER", "").rstrip("\n")
    last = text.splitlines()
    return text, len(last) - 1, len(last[-1])


@cache
def enum_completions(client: LspClient, contract: EditorContract) -> list[list[dict[str, Any]]]:
    """The completion items at the value of each enum field of ``contract``, in order."""
    return complete_many(
        client, [value_request(at) for at, _ in contract.enums], under=contract.under
    )


def hover_value(field: Mapping[str, Any]) -> object:
    """A valid value, so the hover reflects the schema of a document that matches it."""
    return field["default"] if "default" in field else field["examples"][0]


@cache
def hovers(client: LspClient, contract: EditorContract) -> list[tuple[list[dict[str, Any]], Any]]:
    """(diagnostics, hover) on the key of each field of ``contract``, in order, each in a
    valid document that sets that field alone."""
    requests = []
    for at, field in contract.fields:
        text = contract.document(at, hover_value(field))
        line, column = key_position(text, at)
        requests.append((text, line, column + 1))
    return hover_many(client, requests, under=contract.under)
