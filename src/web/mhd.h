/* mhd.h — the libmicrohttpd functions poa serve calls, through the table
 * web_mhd_load() fills: the library (with GnuTLS and the six libraries that
 * come with it) is opened when serve starts, not linked into every command
 * (see src/lib/dynlib.h). */
#ifndef POA_WEB_MHD_H
#define POA_WEB_MHD_H

#include "poa.h"

#include <microhttpd.h>

typedef struct web_mhd {
	struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
					   MHD_AccessHandlerCallback, void *, ...);
	void (*stop_daemon)(struct MHD_Daemon *);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...);
	int (*get_connection_values)(struct MHD_Connection *, enum MHD_ValueKind, MHD_KeyValueIterator, void *);
	const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind, const char *);
	struct MHD_Response *(*create_response_from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
	enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
	void (*destroy_response)(struct MHD_Response *);
	const union MHD_ConnectionInfo *(*get_connection_info)(struct MHD_Connection *, enum MHD_ConnectionInfoType,
							       ...);
} web_mhd;

/* Opens libmicrohttpd once per process; *out stays valid until exit. */
poa_status web_mhd_load(const web_mhd **out, poa_error *err);

#endif
