// Wrappers for what Swift cannot import from ncurses: C globals (not concurrency-safe in Swift 6)
// and function-like macros. SwiftPM drops pkg-config's -D flags, so the wide API is enabled here.
#ifndef ONSET_CNCURSESW_SHIM_H
#define ONSET_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncurses.h>

#include <stdio.h>
#include <langinfo.h>
static inline FILE *onset_stdout(void) { return stdout; }
static inline FILE *onset_stdin(void) { return stdin; }
static inline WINDOW *onset_stdscr(void) { return stdscr; }
static inline int onset_colors(void) { return COLORS; }
static inline int onset_color_pairs(void) { return COLOR_PAIRS; }
static inline int onset_lines(void) { return LINES; }
static inline int onset_cols(void) { return COLS; }
static inline int onset_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int onset_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline attr_t onset_a_bold(void) { return A_BOLD; }
static inline attr_t onset_a_underline(void) { return A_UNDERLINE; }
static inline attr_t onset_a_reverse(void) { return A_REVERSE; }
static inline attr_t onset_a_dim(void) { return A_DIM; }
static inline attr_t onset_a_italic(void) { return A_ITALIC; }
static inline attr_t onset_a_normal(void) { return A_NORMAL; }
static inline int onset_key_code_yes(void) { return KEY_CODE_YES; }
static inline int onset_key_f(int n) { return KEY_F(n); }
static inline int onset_key_mouse(void) { return KEY_MOUSE; }

/// Asks the terminal for button-1 presses and the wheel (press events at once: no click timing).
static inline void onset_enable_mouse(void) {
    mouseinterval(0);
    mmask_t mask = BUTTON1_PRESSED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    mask |= BUTTON5_PRESSED;
#endif
    mousemask(mask, NULL);
}

/// The pending mouse event: 1 a press, 2 wheel up, 3 wheel down, 0 anything else.
static inline int onset_read_mouse(int *x, int *y) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    *x = ev.x;
    *y = ev.y;
    if (ev.bstate & BUTTON4_PRESSED) return 2;
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED) return 3;
#endif
    if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    return 0;
}

/// Puts one cell: a grapheme of up to 4 code points (base + combining marks) with attributes and
/// an extended colour pair (pairs above 255 need the opts argument).
static inline int onset_put_cell(WINDOW *w, int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}
#endif
