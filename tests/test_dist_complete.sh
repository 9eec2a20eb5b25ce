#!/bin/sh
# SPDX-License-Identifier: MIT
# Every file git tracks (but the few that only matter to git) is in the
# release tarball, so `make distcheck` and packagers see the whole tree.
echo "1..1"
cd "${top_srcdir:?}" || exit 1
if ! command -v git >/dev/null || ! git rev-parse --git-dir >/dev/null 2>&1; then
	echo "ok 1 # SKIP not a git checkout (this is the tarball itself)"
	exit 0
fi
list=$(mktemp)
trap 'rm -f "$list"' EXIT
make -s -C "${top_builddir:?}" distdir-list-files DISTLIST="$list" >/dev/null 2>&1 ||
	{ echo "ok 1 # SKIP the build tree cannot list its distribution"; exit 0; }
missing=$(git ls-files | grep -v -e '^\.gitignore$' -e '/\.gitignore$' -e '^m4/\.keep$' |
	while read -r f; do grep -qxF "$f" "$list" || echo "$f"; done)
if [ -z "$missing" ]; then
	echo "ok 1 - every tracked file is distributed"
else
	echo "not ok 1 - tracked files missing from the tarball:" $missing
fi
