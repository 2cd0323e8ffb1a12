/* tests/hv/hv_abi.cpp - the ABI check compiled as C++ (static_assert). */
#include "hv_abi.c"
