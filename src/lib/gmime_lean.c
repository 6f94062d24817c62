/* gmime_lean.c — keeps GIO and GpgME out of a poa linked against the static
 * GMime.
 *
 * In a static link, a library object is linked when something calls one of
 * its functions, and g_mime_init() calls a few that poa never needs:
 *
 * - g_mime_stream_gio_get_type(): a stream over a GFile. Its object pulls
 *   GIO's GFile, GLocalFile and mount table code, 207 of GIO's objects, and
 *   through libmount.so four shared libraries (libmount, libblkid,
 *   libselinux, libpcre2-8) that every poa process mapped, relocated and ran
 *   the constructors of (bench/README.md: about 1.4 ms of `poa read`).
 * - gpgme_check_version() and the OpenPGP and S/MIME contexts it registers
 *   (g_mime_gpg_context_new, g_mime_pkcs7_context_new): all of GpgME,
 *   libassuan and libgpg-error (80 objects), their constructors and GpgME's
 *   start-up, run by every `poa read`.
 *
 * poa reads files itself and hands GMime memory or fd streams, and never
 * signs, verifies, encrypts or decrypts, so this object defines those
 * functions and the archive members are not linked. A signed or encrypted
 * notice is still read: GMime parses multipart/signed and
 * multipart/encrypted without a crypto context; asking one for a context
 * would get NULL, which GMime reports as "no crypto context for protocol".
 *
 * It is linked into the executables as an object (meson.build), not from an
 * archive, so that it is there before libgmime is searched. Should poa one
 * day call g_mime_stream_gio_new() or use GMime's crypto, the linker pulls
 * the real members and stops at the duplicate definitions: delete this file
 * then. Only with -Dstatic_deps=true; a shared libgmime keeps its own.
 */
#include <gmime/gmime.h>
#include <gpgme.h>

/* No GMimeStreamGIO type: nothing in poa can make one. */
GType g_mime_stream_gio_get_type(void)
{
	return G_TYPE_INVALID;
}

/* g_mime_init() calls it to initialise GpgME, and ignores the answer. */
const char *gpgme_check_version_internal(const char *req_version, size_t offset_sig_validity)
{
	(void)req_version, (void)offset_sig_validity;
	return NULL;
}

/* No OpenPGP or S/MIME: no context types, and a NULL context from the
 * factories g_mime_init() registers. */
GType g_mime_gpg_context_get_type(void)
{
	return G_TYPE_INVALID;
}

GMimeCryptoContext *g_mime_gpg_context_new(void)
{
	return NULL;
}

GType g_mime_pkcs7_context_get_type(void)
{
	return G_TYPE_INVALID;
}

GMimeCryptoContext *g_mime_pkcs7_context_new(void)
{
	return NULL;
}
