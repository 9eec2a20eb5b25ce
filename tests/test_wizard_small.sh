#!/bin/sh
# SPDX-License-Identifier: MIT
# Small terminals (issue 16): an 80x24 console under tmux gives an 80x23
# pane, and the wizard used to refuse anything under 80x24. Every step is
# walked at 80x23 and must show its title, its list or field and the key
# line; at 60x20 the steps degrade (shorter explanation, narrower tables)
# and still show their content, down to 40x12 (no explanation, narrow
# columns, the title without the program's name); only under 40x12 does
# the wizard say which size it needs, and growing the window brings the
# step back.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

# step number, title, a text of the step's list or field
STEPS='1|Backup check|Backup history (newest first)
2|Root-manager review|sip:markh@contoso
3|Room-name length fixer|Offenders: 10
4|Invitation reset|undecided: rooms get
5|Date cutoff|(YYYY-MM-DD):
6|Disable rooms|Contoso Korea Lobby
7|Admin Tool worklist|changes done in the
8|Summary and what-if|Root managers
9|Migration|Press Enter to write
10|Warnings|ROOT-MANAGER
11|Verify|press v and give'

# walk SIZE: Tab through every step, checking each; answers the
# "Go on?" questions of the blocked steps with y.
walk() {
	size=$1
	printf '%s\n' "$STEPS" > "$WIZ_TMP/steps"
	while IFS='|' read -r n title content; do
		expect "$size step $n shows its title" "Step $n of 11: $title"
		expect "$size step $n shows its list or field" "$content"
		keys=$(wiz_screen | tail -1)
		case "$size:$keys" in
		40x12:*"Tab Next"* | *"Tab Next"*"S-Tab Back"*) ok "$size step $n shows the key line" ;;
		*) not_ok "$size step $n shows the key line (last row: $keys)" ;;
		esac
		case "$(wiz_screen)" in
		*"needs a terminal"*) not_ok "$size step $n is drawn, not refused" ;;
		esac
		if [ "$n" = 3 ]; then
			# the step's field: the name editor
			wiz_keys Enter
			expect "$size step 3 opens the name editor" "Own name:"
			case "$size" in
			40x12) expect "$size the editor still says what Enter does" "Enter refuses this name" ;;
			*) expect "$size the editor shows the final name's length" "of 256 UTF-16 units" ;;
			esac
			wiz_keys Escape
			expect "$size Esc goes back to the list" "Offenders: 10"
		fi
		[ "$n" = 11 ] && break
		wiz_keys Tab
		# a blocked step asks before going on
		i=0
		while [ "$i" -lt 40 ]; do
			scr=$(wiz_screen)
			case "$scr" in
			*"Step $((n + 1)) of 11"*) break ;;
			*"(y/n)"*) wiz_keys y; break ;;
			esac
			sleep 0.05
			i=$((i + 1))
		done
	done < "$WIZ_TMP/steps"
}

wiz_plan --override-backup "small terminal test"
wiz_start 80x23 xterm -- --out "$WIZ_TMP/pkg"
expect "80x23: the wizard starts" "Resume at step"
wiz_keys n
walk 80x23
rows=$(wiz_screen | wc -l)
check "80x23: the pane has 23 rows ($rows)" test "$rows" -eq 23
wiz_keys q
expect "q asks before quitting" "Quit pcmigrate?"
wiz_keys y
st=$(wiz_wait_exit)
check "80x23: the wizard ends with status 0 ($st)" test "$st" = 0

# 60x20: degraded, still usable
wiz_start 60x20 xterm -- --out "$WIZ_TMP/pkg"
expect "60x20: the wizard starts" "Resume at step"
wiz_keys n
walk 60x20

wiz_keys q
expect "q asks before quitting at 60x20" "Quit pcmigrate?"
wiz_keys y
wiz_wait_exit >/dev/null

# 40x12, the smallest: every step still shows its title whole, its content
# and the navigation keys
wiz_start 40x12 xterm -- --out "$WIZ_TMP/pkg"
expect "40x12: the wizard starts" "Resume at step"
wiz_keys n
walk 40x12
check "40x12: the explanation gives way to the content" sh -c \
	"! tmux -L '$WIZ_SOCK' capture-pane -p -t pcm | grep -q 'Use the Lync Server Control Panel'"

# below the minimum: says what it needs; growing back restores the step
wiz_tmux resize-window -t pcm -x 30 -y 10
expect "30x10 says which size is needed" "at least 40x12"
wiz_tmux resize-window -t pcm -x 40 -y 12
expect "40x12 draws the step again" "Step 11 of 11: Verify"
wiz_keys q
expect "q asks before quitting at 40x12" "Quit pcmigrate?"
wiz_keys y
st=$(wiz_wait_exit)
check "the wizard ends with status 0 ($st)" test "$st" = 0
echo "1..$WIZ_N"
exit $WIZ_FAILED
