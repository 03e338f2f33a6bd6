#ifndef SWIFT_FLIGHTSQL_CZSTD_SHIM_H
#define SWIFT_FLIGHTSQL_CZSTD_SHIM_H
#include <zstd.h>
#endif
