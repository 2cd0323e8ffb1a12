// tests/xs/test_xs_client_cxx.cpp - test_xs_client.c compiled as C++17, so
// the wire client's implementation is exercised (not only compiled) as C++.
#include "test_xs_client.c"
