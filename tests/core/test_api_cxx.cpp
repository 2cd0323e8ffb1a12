// tests/core/test_api_cxx.cpp - test_api.c compiled as C++17: the
// implementation and the public headers must build and behave the same.
#include "test_api.c"
