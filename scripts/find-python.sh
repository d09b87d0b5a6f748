#!/bin/sh
# Print the path of a Python 3.12+ interpreter: one on PATH first, then pyenv's.
# pyenv shims exist for versions that are installed but not selected, so each
# candidate is asked to run before it is accepted.
# With --oldest: the oldest 3.12+ instead (per minor version, PATH before
# pyenv), which `make lock` compiles the lock with (see the Makefile).
fits() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}
root=${PYENV_ROOT:-$HOME/.pyenv}
if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root); fi
if [ "${1:-}" = "--oldest" ]; then
    for minor in 12 13 14 15 16; do
        for path in $(command -v "python3.$minor" 2>/dev/null) \
            $(ls -d "$root"/versions/3."$minor".*/bin/python3 2>/dev/null | sort -rV); do
            if fits "$path"; then echo "$path"; exit 0; fi
        done
    done
fi
for candidate in python3.14 python3.13 python3.12 python3; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if fits "$path"; then echo "$path"; exit 0; fi
done
for path in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
    if fits "$path"; then echo "$path"; exit 0; fi
done
echo "No Python 3.12 or newer found: install python3.12+ (or pyenv install 3.12)." >&2
exit 1
