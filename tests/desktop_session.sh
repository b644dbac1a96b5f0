#!/usr/bin/env bash
# A scripted desktop session: gridmap-desktop on a real X server (Xvfb), driven as a person
# drives it, with the mouse and the keyboard (xdotool), on a copy of the demo project. It
# chooses who is working, opens every dialog (Ctrl+O, the basemap raster chooser, the photo
# choosers, the export dialogs) and closes it again, switches themes, pins an issue, dispatches
# it, accepts and resolves it as the assignee, assigns a party group and undoes it (Ctrl+Z),
# presents (F5) and leaves (Esc), exports a PNG (Ctrl+E). At the end the program is alive, a
# screenshot shows the map, Ctrl+Q quits cleanly, and the project (read with sqlite3) holds
# exactly the changes made: one more issue, resolved, each event signed by who did it, and the
# party group assignment undone.
#
#   desktop_session.sh GRIDMAP_DESKTOP GRIDMAP_CLI
#
# The window tells what it shows through GRIDMAP_UI_STATE (a file rewritten five times a
# second: named items with their screen centres and texts, open popups, the acting person...);
# every step waits for what it expects by polling that file, never by a fixed sleep.
# GRIDMAP_SESSION_KEEP=DIR keeps the final screenshot and the exported PNG there.
set -euo pipefail

desktop=${1:?usage: desktop_session.sh GRIDMAP_DESKTOP GRIDMAP_CLI}
cli=${2:?usage: desktop_session.sh GRIDMAP_DESKTOP GRIDMAP_CLI}

if [[ -z ${DISPLAY:-} || ${GRIDMAP_SESSION_XVFB:-} != 1 ]]; then
    # A server of our own, whatever the caller has: the same screen every time.
    exec env GRIDMAP_SESSION_XVFB=1 xvfb-run -a -s "-screen 0 1280x900x24" \
        bash "$0" "$desktop" "$cli"
fi
for tool in xdotool import convert sqlite3; do
    command -v "$tool" >/dev/null || {
        echo "FAIL: $tool is not installed (scripts/setup installs it)" >&2
        exit 1
    }
done

work=$(mktemp -d)
pid=
cleanup() {
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
started=$SECONDS

fail() {
    echo "FAIL: $*" >&2
    if [[ -f $work/ui ]]; then
        echo "--- what the window showed last:" >&2
        grep -E '^(state|popup .* 1)' "$work/ui" >&2 || true
        cp "$work/ui" "${TMPDIR:-/tmp}/desktop_session_ui.last" 2>/dev/null || true
    fi
    echo "--- the program's output:" >&2
    tail -n 30 "$work/log" >&2 || true
    exit 1
}
step() { echo "ok: $* ($((SECONDS - started)) s)"; }

"$cli" demo "$work/demo" >/dev/null || fail "gridmap demo failed"
project=$work/demo/demo.gpkg
db() { sqlite3 -batch -noheader "$project" "$1"; }
issues_before=$(db "SELECT count(*) FROM issue")
# A residential building without a party group: the session gives it one, then takes it back.
building=$(db "SELECT id FROM building WHERE kind = 'residential' AND id NOT IN
               (SELECT building FROM party_group_building) ORDER BY id LIMIT 1")
[[ -n $building ]] || fail "the demo has no building without a party group"
events_before=$(db "SELECT count(*) FROM assignment_event")
repairs_before=$(db "SELECT count(*) FROM repair_segment")
views_before=$(db "SELECT count(*) FROM saved_view")

export XDG_CONFIG_HOME=$work/config GRIDMAP_LANG=zh_CN QT_QPA_PLATFORM=xcb
export GRIDMAP_UI_STATE=$work/ui QT_QUICK_CONTROLS_STYLE=Fusion
unset GRIDMAP_USER
"$desktop" "$project" >"$work/log" 2>&1 &
pid=$!

alive() { kill -0 "$pid" 2>/dev/null || fail "gridmap-desktop died (exit $(wait "$pid"; echo $?))"; }

# seen REGEX SECONDS: whether a line of the window's state matches within SECONDS (0: now).
seen() {
    local deadline=$((SECONDS + $2))
    while true; do
        alive
        if [[ -f $work/ui ]] && grep -qE "$1" "$work/ui"; then
            return 0
        fi
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}
# wait_for REGEX [SECONDS]: until a line of the window's state matches.
wait_for() { seen "$1" "${2:-20}" || fail "waited in vain for /$1/"; }
# The screen centre "X Y" of the shown, enabled item NAME, once it stays put (a panel that
# just opened moves the map; a dialog may still be sliding in): the same in two states written
# at least one rewrite apart.
centre() {
    local now before="" written
    wait_for "^item $1 [0-9-]+ [0-9-]+ [0-9]+ [0-9]+ 1 " "${2:-20}"
    for _ in $(seq 1 40); do
        written=$(stat -c %y "$work/ui")
        now=$(grep -m1 -E "^item $1 " "$work/ui" | awk '{print $3, $4, $5, $6}')
        if [[ -n $now && $now == "$before" ]]; then
            echo "${now% * *}"
            return 0
        fi
        before=$now
        # Until the window writes its state again.
        for _ in $(seq 1 40); do
            [[ $(stat -c %y "$work/ui") != "$written" ]] && break
            sleep 0.05
        done
    done
    fail "$1 does not stay put"
}
click() {
    local xy
    xy=$(centre "$1")
    # No --sync: it waits for a motion that never comes when the pointer is already there.
    # shellcheck disable=SC2086
    xdotool mousemove $xy sleep 0.05 click 1
}
# The middle of the map's data: a search or a fit centres it left of the legend's panel
# (MapView.reservedRight), not in the middle of the map item.
reserved_half() { grep -m1 '^state reserved_right ' "$work/ui" | awk '{print int($3 / 2)}'; }
click_map_middle() {
    local x y
    read -r x y < <(centre mapView)
    xdotool mousemove $((x - $(reserved_half))) "$y" sleep 0.05 click 1
}
key() { xdotool key --clearmodifiers "$@"; }
# Characters outside ASCII (Chinese) are typed through a keycode xdotool remaps for each one:
# slowly enough that the program reads each before the next remapping.
type_text() {
    if LC_ALL=C grep -q '[^ -~]' <<<"$1"; then
        xdotool type --delay 150 "$1"
    else
        xdotool type --delay 20 "$1"
    fi
}
# fill NAME TEXT: types TEXT into the field NAME one character at a time, reading the field
# back after each, as a person watches what they type. xdotool remaps a keycode for each
# Chinese character, and a loaded machine may read the key before the new mapping: a character
# that did not arrive is typed again (one that arrived wrong is taken back first).
fill() {
    local name=$1 text=$2 done="" ch try i
    click "$name"
    key ctrl+a BackSpace
    for ((i = 0; i < ${#text}; ++i)); do
        ch=${text:i:1}
        for try in 1 2 3 4 5; do
            xdotool type "$ch"
            if seen "^item $name .* $done$ch\$" 2; then
                break
            fi
            ((try < 5)) || fail "cannot type '$text' into $name: it shows '$(grep -m1 -E "^item $name " "$work/ui" | cut -d' ' -f9-)'"
            # Whatever arrived instead (if anything) is taken back.
            if ! seen "^item $name [0-9-]+ [0-9-]+ [0-9]+ [0-9]+ [01] [01] ?$done\$" 0; then
                key BackSpace
            fi
        done
        done+=$ch
    done
}
popup_shown() { wait_for "^popup $1 1$" "${2:-20}"; }
popup_gone() { wait_for "^popup $1 0$" "${2:-20}"; }

# --- start: the window asks who is working --------------------------------------------------
popup_shown actorDialog 30
wid=$(xdotool search --sync --pid "$pid" --onlyvisible --name Gridmap | head -n1)
xdotool windowfocus --sync "$wid" || true
wait_for '^state active 1$'
# Community staff (a grid worker of the community) pins and dispatches; the assignee accepts
# and resolves (the rule table of gridmap/workorder.hpp).
first=$(db "SELECT min(person) FROM role_assignment WHERE role = 'grid_worker'")
type_text "$first"
key Return
wait_for "^state actor $first$"
popup_gone actorDialog
wait_for "^item actorLabel .*$first"
step "the acting person chosen: $first"

# --- every dialog opens and closes ---------------------------------------------------------
key ctrl+o
popup_shown openDialog
key Escape
popup_gone openDialog
step "Ctrl+O opens the file dialog, Esc closes it"

click basemapButton
click chooseRasterItem
popup_shown basemapDialog
key Escape
popup_gone basemapDialog
step "the basemap raster chooser"

key ctrl+e
popup_shown exportMapDialog
key Escape
popup_gone exportMapDialog
step "the PNG export dialog"

# --- themes ----------------------------------------------------------------------------------
wait_for '^state theme plain$'
for theme in coverage issues; do
    # The list opens under the pointer, which would choose by hovering: close it and step with
    # the arrow key on the focused box.
    click themeBox
    popup_shown themePopup
    key Escape
    popup_gone themePopup
    key Down
    wait_for "^state theme $theme$"
done
wait_for '^state ready 1$'
step "themes: coverage, issues"

# --- pin an issue on a building, found by the search field -------------------------------
click searchField
type_text "$building"
key Return
wait_for "^state selected $building$"
click pinTool
wait_for '^state tool pin$'
wait_for '^state ready 1$'
click_map_middle
popup_shown issueForm
click issuePhotosButton
popup_shown formPhotoDialog
key Escape
popup_gone formPhotoDialog
fill issueText "井盖缺失"
click issueSave
popup_gone issueForm
issue=$(db "SELECT id FROM issue ORDER BY id DESC LIMIT 1")
wait_for "^state selected $issue$"
step "pinned $issue (the photo chooser opened and closed)"

# --- dispatch to the proposal, accept and resolve as the assignee --------------------------
click addPhotoButton
popup_shown panelPhotoDialog
key Escape
popup_gone panelPhotoDialog
proposal=$(grep -m1 -E '^item issueAssignee ' "$work/ui" | awk '{print $9}')
[[ -n $proposal ]] || fail "no assignee is offered for $issue"
click moveTo_dispatched
wait_for '^item fact_state .* 已派单$'
assignee=$(db "SELECT assignee FROM issue WHERE id = '$issue'")
[[ $assignee == "$proposal" ]] || fail "dispatched to '$assignee', the form offered '$proposal'"
step "dispatched $issue to the proposal $assignee; the inspect panel shows 已派单"

click actorButton
popup_shown actorDialog
type_text "$assignee"
key Return
wait_for "^state actor $assignee$"
popup_gone actorDialog
click moveTo_accepted
wait_for '^item fact_state .* 已接单$'
click moveTo_resolved
wait_for '^item fact_state .* 已办结$'
step "accepted and resolved by $assignee"

# --- assign a party group to the building, then undo ---------------------------------------
click actorButton
popup_shown actorDialog
type_text "$first"
key Return
wait_for "^state actor $first$"
popup_gone actorDialog
click searchField
key ctrl+a
type_text "$building"
key Return
wait_for "^state selected $building$"
click selectTool
wait_for '^state tool select$'
wait_for '^state ready 1$'
click_map_middle
wait_for "^item selectionLabel .*$building"
click assignButton
wait_for "^item undoButton [0-9-]+ [0-9-]+ [0-9]+ [0-9]+ 1 "
group=$(db "SELECT party_group FROM party_group_building WHERE building = '$building'")
[[ -n $group ]] || fail "no party group was assigned to $building"
key ctrl+z
wait_for "^item undoButton [0-9-]+ [0-9-]+ [0-9]+ [0-9]+ 0 "
[[ -z $(db "SELECT party_group FROM party_group_building WHERE building = '$building'") ]] ||
    fail "the undo left a party group on $building"
step "assigned $group to $building and undid it (Ctrl+Z)"

# --- a road repair on 槐荫路 (R05), drawn with two clicks, and its notify-list export dialog -
click searchField
key ctrl+a
type_text R05
key Return
wait_for '^state selected R05$'
click drawTool
wait_for '^state tool draw$'
wait_for '^state ready 1$'
read -r cx cy < <(centre mapView)
cx=$((cx - $(reserved_half)))
for dx in -40 40; do
    xdotool mousemove $((cx + dx)) "$cy" sleep 0.05 click 1
done
wait_for '^item repairVertices .*(: |：)2'
click repairFinish
fill repairRoad "槐荫路"
click repairSave
click notifyExport
popup_shown notifyDialog
key Escape
popup_gone notifyDialog
step "drew a repair of 槐荫路; its notify-list export dialog opened and closed"

# --- presentation mode, its dialogs, and a PNG of the main window's map --------------------
key F5
wait_for '^state presenting 1$'
key ctrl+e
popup_shown exportViewDialog
key Escape
popup_gone exportViewDialog
click saveViewButton
popup_shown saveViewDialog
key Escape
popup_gone saveViewDialog
key Escape
wait_for '^state presenting 0$'
step "F5 presents; Ctrl+E (export) and the save-view dialog open and close; Esc leaves"

key ctrl+e
popup_shown exportMapDialog
click fileNameTextField
key ctrl+a
type_text "session-map.png"
# Enter takes the typed name; Qt 6.4's own file dialog labels its accept button "Open" in
# every mode.
key Return
wait_for '^item button:(Open|Save) [0-9-]+ [0-9-]+ [0-9]+ [0-9]+ 1 '
click "$(grep -m1 -oE '^item button:(Open|Save) ' "$work/ui" | awk '{print $2}')"
exported=$work/demo/session-map.png
for _ in $(seq 1 100); do
    [[ -s $exported ]] && break
    alive
    sleep 0.1
done
[[ -s $exported ]] || fail "Ctrl+E did not write $exported"
popup_gone exportMapDialog
step "Ctrl+E exported $(stat -c %s "$exported") bytes of PNG"

# --- Ctrl+O opens a project: the same one again, from the dialog's list; the acting person is
# remembered for it, so nobody is asked --------------------------------------------------
key ctrl+o
popup_shown openDialog
wait_for '^item fileDialogDelegate[0-9]+ .* demo\.gpkg$'
click "$(grep -m1 -oE '^item fileDialogDelegate[0-9]+ .* demo\.gpkg$' "$work/ui" | awk '{print $2}')"
wait_for '^item button:Open [0-9-]+ [0-9-]+ [0-9]+ [0-9]+ 1 '
click button:Open
popup_gone openDialog
wait_for '^state open 1$'
wait_for '^state ready 1$'
wait_for "^state actor $first$"
if seen '^popup actorDialog 1$' 1; then
    fail "the acting person was not remembered for the project"
fi
step "Ctrl+O opened demo.gpkg from the dialog; $first is remembered for it"

# --- the end: alive, a screenshot with the map, Ctrl+Q ------------------------------------
alive
click fitButton
wait_for '^state ready 1$'
import -window root "$work/shot.png" || fail "no screenshot"
if [[ -n ${GRIDMAP_SESSION_KEEP:-} ]]; then
    mkdir -p "$GRIDMAP_SESSION_KEEP"
    cp "$work/shot.png" "$exported" "$GRIDMAP_SESSION_KEEP/"
fi
# The map's part of the screen: drawn (many colours), with the map's background (236, 240, 243)
# around the community and open issues in the issue theme's red (229, 57, 53) or, past their
# deadline, its dark red (136, 14, 79): the demo's open issues are due by 2026-12-03, so after
# that every one of them is overdue.
read -r cx cy w h < <(grep -m1 -E '^item mapView ' "$work/ui" | awk '{print $3, $4, $5, $6}')
convert "$work/shot.png" -crop "${w}x${h}+$((cx - w / 2))+$((cy - h / 2))" +repage "$work/map.png"
colours=$(convert "$work/map.png" -format '%k' info:)
((colours > 200)) || fail "the map shows only $colours colours: nothing drawn?"
convert "$work/map.png" -format %c histogram:info:- >"$work/histogram"
grep -qi '#ECF0F3' "$work/histogram" || fail "the map background is not on the screenshot"
grep -qiE '#(E53935|880E4F)' "$work/histogram" || fail "no open issue is drawn on the screenshot"
step "screenshot: the map (${w}x$h px) has $colours colours, its background and open issues"

key ctrl+q
for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
    fail "Ctrl+Q did not quit"
fi
rc=0
wait "$pid" || rc=$?
pid=
((rc == 0)) || fail "gridmap-desktop exited with $rc"
step "Ctrl+Q quits (exit 0)"

# --- the project holds exactly what was done ------------------------------------------------
issues_after=$(db "SELECT count(*) FROM issue")
((issues_after == issues_before + 1)) || fail "issues: $issues_before before, $issues_after after"
state=$(db "SELECT state || ' ' || text FROM issue WHERE id = '$issue'")
[[ $state == "resolved 井盖缺失" ]] || fail "$issue is '$state', not 'resolved 井盖缺失'"
events=$(db "SELECT group_concat(to_state || ':' || coalesce(by, '-'), ' ') FROM
             (SELECT to_state, by FROM issue_event WHERE issue = '$issue' ORDER BY at, fid)")
expected="reported:$first dispatched:$first accepted:$assignee resolved:$assignee"
[[ $events == "$expected" ]] || fail "events of $issue: '$events', expected '$expected'"
unsigned=$(db "SELECT count(*) FROM issue_event WHERE issue = '$issue' AND
               (by IS NULL OR by = '')")
((unsigned == 0)) || fail "$unsigned events of $issue are not signed"
log=$(db "SELECT group_concat(action || ':' || role || ':' || target || ':' || coalesce(by, '-'),
          ' ') FROM (SELECT * FROM assignment_event ORDER BY fid LIMIT -1 OFFSET $events_before)")
expected="assign:party_group:$building:$first unassign:party_group:$building:$first"
[[ $log == "$expected" ]] || fail "assignment log: '$log', expected '$expected'"
repair=$(db "SELECT count(*) || ' ' || max(road) FROM repair_segment WHERE fid >
              (SELECT fid FROM repair_segment ORDER BY fid LIMIT 1 OFFSET $((repairs_before - 1)))")
[[ $repair == "1 槐荫路" ]] || fail "new repairs: '$repair', expected '1 槐荫路'"
(($(db "SELECT count(*) FROM saved_view") == views_before)) || fail "a view was saved"
step "the project: +1 repair of 槐荫路, no saved view"
step "the project: +1 issue ($issue resolved), events signed '$events', assignment undone"
echo "desktop session passed in $((SECONDS - started)) s"
