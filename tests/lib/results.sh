# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Results of a test runner, the same way in every runner: sourced, then
#
#   t_pass DESC                  one check passed
#   t_fail DESC [DETAIL]         one check failed; DETAIL indented below
#   t_same DESC EXPECTED ACTUAL  passes if the two strings are equal, else
#                                fails with their diff
#   t_contains DESC NEEDLE TEXT  passes if TEXT contains NEEDLE
#   t_cmd DESC COMMAND...        passes if COMMAND exits 0
#   t_summary SUITE              prints "SUITE: N passed, N failed" (the line
#                                .ci/run adds up; ", N skipped" if any) and
#                                returns 1 on a failure
#
# T_PASSED, T_FAILED and T_SKIPPED hold the counts; a runner that counts by
# other means (kunit.py's summary, a table) sets them before t_summary.

T_PASSED=0
T_FAILED=0
T_SKIPPED=0

t_pass() {
	T_PASSED=$((T_PASSED + 1))
	printf 'PASS: %s\n' "$1"
}

t_fail() {
	T_FAILED=$((T_FAILED + 1))
	printf 'FAIL: %s\n' "$1"
	[ $# -lt 2 ] || printf '%s\n' "$2" | sed 's/^/    | /'
}

t_same() {
	if [ "$2" = "$3" ]; then
		t_pass "$1"
		return
	fi
	_t_dir=$(mktemp -d)
	printf '%s\n' "$2" > "$_t_dir/expected"
	printf '%s\n' "$3" > "$_t_dir/actual"
	t_fail "$1" "$(diff "$_t_dir/expected" "$_t_dir/actual" | head -n 30)"
	rm -rf "$_t_dir"
}

t_contains() {
	case $3 in
	*"$2"*) t_pass "$1" ;;
	*) t_fail "$1" "expected to contain: $2
got: $(printf '%s' "$3" | head -c 2000)" ;;
	esac
}

t_cmd() {
	_t_desc=$1
	shift
	if "$@"; then t_pass "$_t_desc"; else t_fail "$_t_desc"; fi
}

t_summary() {
	if [ "$T_SKIPPED" -eq 0 ]; then
		echo "$1: $T_PASSED passed, $T_FAILED failed"
	else
		echo "$1: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
	fi
	[ "$T_FAILED" -eq 0 ]
}
