// tests/support/catch_main.cpp
//
// The Catch2 v2 runner (main, reporters, command line), compiled once into kjerne_catch_main
// and linked by every test executable, so each test file compiles only its own cases.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
