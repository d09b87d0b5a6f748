"""Fuzz tests that fail today on inputs that branch `input` fixes (issue 8).

Keyed by test id; each becomes pytest.mark.xfail(strict=False), and an
expected failure is not shrunk (harness.fuzz_settings). Remove the entries
once `input` is merged: the tests must then pass. The values of these
families stay in the strategies (strategies.py: NUL, EXTREME_DATES,
LONG_TEXT), so they keep being sent.
"""

_NUL_QUERY = (
    "fixed on branch input: NUL in a query parameter reaches PostgreSQL "
    "(DataError, 500); e.g. /signalen/nieuw/?community=%00"
)
_NUL_ADMIN_FILTER = (
    "fixed on branch input: NUL in an admin filter or search parameter reaches "
    "PostgreSQL (DataError, 500); e.g. /beheer/communities/membership/?cop=%00"
)
_EXTREME_SESSION = (
    "fixed on branch input: a session on 0001-01-01 00:00 is saved and then "
    "breaks the CoP page (DataError: timestamp too small, 500)"
)

KNOWN_FAILURES: dict[str, str] = {
    "GET signals:signal_create/for-this-cop/nul": _NUL_QUERY,
    "GET admin communities.membership changelist/nul": _NUL_ADMIN_FILTER,
    "GET admin communities.organisation changelist/nul": _NUL_ADMIN_FILTER,
    "GET admin knowledge.knowledgeproduct changelist/nul": _NUL_ADMIN_FILTER,
    "POST communities:session_create/this-cop/extreme-dates": _EXTREME_SESSION,
    "POST communities:session_update/session/extreme-dates": _EXTREME_SESSION,
    "POST admin communities.session change/extreme-dates": _EXTREME_SESSION,
}
