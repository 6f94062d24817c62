/* gmime_nogio.c — keeps GIO out of a poa linked against the static GMime.
 *
 * g_mime_init() registers every GMime stream type, GMimeStreamGIO (a stream
 * over a GFile) among them, and ignores what the call returns. In a static
 * link that one call is what pulls gmime-stream-gio.o from libgmime-3.0.a,
 * and with it GIO's GFile, GLocalFile and its mount table code: 207 of
 * GIO's objects, libselinux's and, through libmount.so, four shared
 * libraries (libmount, libblkid, libselinux, libpcre2-8) that every poa
 * process mapped, relocated and ran the constructors of at start
 * (bench/README.md: about 1.4 ms of `poa read`'s 9 ms).
 *
 * poa never makes a stream over a GFile (it reads files with stdio and
 * hands GMime memory or fd streams), so this object defines the one symbol
 * g_mime_init() needs from gmime-stream-gio.o and the archive member is not
 * linked. It is linked into the executables as an object (meson.build), not
 * from an archive, so that it is there before libgmime is searched. Should
 * poa one day call g_mime_stream_gio_new(), the linker pulls the real
 * member and stops at the duplicate g_mime_stream_gio_get_type: delete this
 * file then. Only with -Dstatic_deps=true; a shared libgmime keeps its own.
 */
#include <gmime/gmime.h>

GType g_mime_stream_gio_get_type(void)
{
	/* No GMimeStreamGIO type: nothing in poa can make one. */
	return G_TYPE_INVALID;
}
