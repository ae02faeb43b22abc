//! The built-in demo: `xunjian demo --once` works for a new user, and an inspection of the
//! demo sites reports the planted problems of the kinds the checks cover — each once — and
//! nothing on the near-misses.
