#ifndef SWIFT_FLIGHTSQL_CNGHTTP2_SHIM_H
#define SWIFT_FLIGHTSQL_CNGHTTP2_SHIM_H
#include <nghttp2/nghttp2.h>
#endif
