/* assets.h — the files of src/web/assets/, compiled in by
 * tools/embed-assets.py (meson target web_assets). */
#ifndef POA_WEB_ASSETS_H
#define POA_WEB_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
	const char *name, *type;
	const unsigned char *data;
	size_t len;
} web_asset;

extern const web_asset web_assets[];
extern const size_t web_nassets;

#endif
