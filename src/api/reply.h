/*
 * reply: a value tree that handlers fill and the HTTP layer serializes.
 *
 * The tree is shaped like the JSON reply; flags say how each node appears
 * in XML, because Crowdin v1's XML and JSON are not mechanical mirrors of
 * each other (crowdin-v1.md §1.7):
 *   RV_ATTR    scalar written as an XML attribute of its parent element
 *   RV_JSON    node exists only in JSON          ("success": true)
 *   RV_XML     node exists only in XML
 *   RV_INLINE  list whose items are children of the parent XML element
 *              (no wrapper element), e.g. <success><project/>...</success>
 *   RV_TEXT    scalar written as its parent element's text:
 *              <language status="skipped">French</language>
 * A list's items are XML elements named by its `item` name ("item").
 * Scalars in XML: strings escaped, ints in decimal, booleans as 1/0, an
 * empty string or empty container as <name/>.
 *
 * All nodes live in the request arena.
 */
#ifndef TOLK_REPLY_H
#define TOLK_REPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

enum rv_kind { RV_NULL, RV_BOOL, RV_INT, RV_STR, RV_OBJ, RV_LIST };

#define RV_ATTR   0x1u
#define RV_JSON   0x2u
#define RV_XML    0x4u
#define RV_INLINE 0x8u
#define RV_TEXT   0x10u

struct rv {
	enum rv_kind kind;
	unsigned flags;
	const char *name;	/* member name / XML element name */
	const char *item;	/* RV_LIST: XML element name of items */
	bool b;
	int64_t i;
	const char *s;
	struct rv *first, *last, *next;
};

struct rv *rv_new_obj(struct arena *a);
struct rv *rv_new_list(struct arena *a, const char *item);

/* Members of an object (name) or items of a list (name ignored: NULL). */
struct rv *rv_str(struct arena *a, struct rv *parent, const char *name, const char *s);
struct rv *rv_int(struct arena *a, struct rv *parent, const char *name, int64_t v);
struct rv *rv_intstr(struct arena *a, struct rv *parent, const char *name, int64_t v); /* "42" */
struct rv *rv_bool(struct arena *a, struct rv *parent, const char *name, bool v);
struct rv *rv_null(struct arena *a, struct rv *parent, const char *name);
struct rv *rv_obj(struct arena *a, struct rv *parent, const char *name);
struct rv *rv_list(struct arena *a, struct rv *parent, const char *name, const char *item);
struct rv *rv_get(const struct rv *obj, const char *name);

/* Serializers.  xml_root: the node written as the XML document element, named xml_name. */
void rv_write_json(struct buf *out, const struct rv *v);
void rv_write_xml(struct buf *out, const struct rv *xml_root, const char *xml_name);
void json_escape(struct buf *out, const char *s, size_t n);	/* adds the quotes */
void json_intstr(struct buf *out, int64_t v);	/* "42", as rv_intstr writes it */
void xml_escape(struct buf *out, const char *s, size_t n);

#endif
