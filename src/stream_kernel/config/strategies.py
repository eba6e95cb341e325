"""Hypothesis strategies for stream_kernel runtime configs, for your own tests.

Install with the ``strategies`` extra (Hypothesis is not a runtime dependency)::

    pip install 'stream-kernel-config[strategies]'

- :func:`valid_configs` draws configs the validator accepts, across the whole space of a
  contract (``contract="v1"``, the default, or ``"v2"``): the memory profile, an
  execution IPC block with inline bootstrap, and ``process_supervisor`` (v2 adds
  ``ipc_local`` and the supervisor implied by process groups: :func:`profiles`); each
  contract field omitted or explicit, defaults sometimes written out, empty (null)
  blocks, integral floats where the contract takes integers, and unowned sections
  around them holding arbitrary JSON-like data.
- :func:`invalid_configs` draws :class:`Mutant` values: a valid config broken by one
  targeted change, labelled with the code and path the validator must report.

Everything is read from the contract's schema: enum values, ranges, which keys a block
allows, the conditional rules, defaults taken from a sibling, and the code of each rule.
A keyword the schema starts to use that these strategies do not understand makes them
fail loudly when built, rather than quietly draw configs of the wrong kind.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

try:
    from hypothesis import strategies as st
except ImportError as exc:
    raise ImportError(
        "stream_kernel.config.strategies needs Hypothesis, which is an optional dependency;"
        " install it with: pip install 'stream-kernel-config[strategies]'"
    ) from exc


from ._contracts import Contract, ContractChoice, resolve_contract
from ._strategy_mutants import Target, mutate, mutation_targets
from ._strategy_space import Profile, Space, check_keywords, json_data
from ._strategy_values import valid_block

__all__ = [
    "PROFILES",
    "Mutant",
    "Profile",
    "invalid_configs",
    "json_values",
    "profiles",
    "valid_configs",
]

# `Profile`, public here, is defined with the space the strategies draw from, where each
# profile is described.

#: The profiles of contract v1 (the default contract).
PROFILES: Final[tuple[Profile, ...]] = ("memory", "tcp_local", "process_supervisor")

_PROFILES: Final[Mapping[str, tuple[Profile, ...]]] = {
    "v1": PROFILES,
    "v2": ("memory", "tcp_local", "ipc_local", "process_supervisor", "process_groups"),
}


def profiles(contract: ContractChoice = "v1") -> tuple[Profile, ...]:
    """The profiles :func:`valid_configs` knows for ``contract`` (v1's are :data:`PROFILES`).

    :raises ValueError: ``contract`` names no contract.
    """
    return _PROFILES.get(resolve_contract(contract).name, PROFILES)


@dataclass(frozen=True)
class Mutant:
    """A config that breaks exactly one rule, with what the validator must report for it.

    ``code`` must be among the codes of the ``ConfigError``'s diagnostics, at ``path``
    (dotted, ``""`` for the document root). Other diagnostics may come with it: a
    transport other than ``tcp_local`` under ``process_supervisor`` breaks the transport
    enum and the supervisor rule at once. ``rule`` names the schema keyword broken,
    for reading a failure.
    """

    config: Any
    code: str
    path: str
    rule: str


def json_values(*, max_leaves: int = 8) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-like data: what a YAML file's other sections may hold."""
    return json_data(max_leaves=max_leaves)


def valid_configs(
    profile: Profile | None = None, *, contract: ContractChoice = "v1"
) -> st.SearchStrategy[dict[str, Any]]:
    """Configs that ``validate_newgen_config(config, contract=contract)`` accepts.

    ``profile`` narrows them to one of the contract's :func:`profiles`; by default each
    is drawn. The configs are raw (not normalized): defaults are mostly left out,
    sometimes written out, blocks are sometimes empty (null), integers are sometimes
    integral floats.

    :raises ValueError: ``profile`` is not one of the contract's profiles, or
        ``contract`` names no contract.
    :raises NotImplementedError: the schema uses a keyword these strategies cannot
        generate for yet.
    """
    chosen = resolve_contract(contract)
    known = profiles(chosen)
    if profile is not None and profile not in known:
        raise ValueError(
            f"unknown profile {profile!r} for contract {chosen.name};"
            f" choose from {', '.join(known)}"
        )
    return _valid_configs(chosen, profile)


@cache
def _valid_configs(
    contract: Contract, profile: Profile | None
) -> st.SearchStrategy[dict[str, Any]]:
    if profile is None:
        return st.one_of([_valid_configs(contract, p) for p in profiles(contract)])
    schema = contract.schema()
    check_keywords(schema, ())
    return valid_block(schema, (), Space(contract, profile))


# --- invalid configs -------------------------------------------------------------------


# The mutation drawn as the public value: the mutation itself is drawn where the rules are.
@st.composite
def _mutant(draw: st.DrawFn, config: dict[str, Any], target: Target, space: Space) -> Mutant:
    return Mutant(*mutate(draw, config, target, space))


@cache
def _invalid(
    contract: Contract, profile: Profile | None, codes: frozenset[str] | None
) -> st.SearchStrategy[Mutant]:
    targets = [t for t in mutation_targets(contract) if codes is None or t.code in codes]
    if not targets:
        raise ValueError(f"no rule of the schema raises any of {sorted(codes or ())}")
    # The rule first: each draws from the same space of valid configs.
    space = Space(contract, None)
    return st.sampled_from(targets).flatmap(
        lambda target: valid_configs(profile, contract=contract).flatmap(
            lambda config: _mutant(config, target, space)
        )
    )


def invalid_configs(
    profile: Profile | None = None,
    *,
    codes: Collection[str] | None = None,
    contract: ContractChoice = "v1",
) -> st.SearchStrategy[Mutant]:
    """Valid configs (of ``profile``) each broken by one targeted mutation: :class:`Mutant`.

    Every rule of the schema that carries a code is a target: a wrong type, a value
    outside an enum or a range, an empty secret, an unknown key, and the supervisor
    rule (``process_supervisor`` without an ``execution_ipc`` block, with a non-mapping
    one, or with another transport); in v2 also a reserved transport, a missing
    ``bind_host``, a number not above its bound and a group name that is no name. A rule
    inside a ``per_group`` override is broken in an override of a drawn group name.
    ``codes`` keeps only the rules raising those codes.

    :raises ValueError: no rule of the schema raises any of ``codes``, or ``contract``
        names no contract.
    :raises NotImplementedError: the schema uses a keyword these strategies cannot
        break yet.
    """
    chosen = resolve_contract(contract)
    return _invalid(chosen, profile, None if codes is None else frozenset(codes))
