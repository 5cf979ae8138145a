# Embed every file under web/ into the binary (cmake -P, run by the build):
#
#   cmake -DSRC_DIR=web -DOUT=build/web_assets.c -P cmake/embed_assets.cmake
#
# Writes a C table {name, bytes, length, content type, sha256 hex} that
# src/web/assets.c searches; names are paths under web/ ("static/app.css",
# "templates/layout.html").  One binary, no install paths, and the hash makes
# the URLs of static files change whenever their bytes do (docs/web.md).
file(GLOB_RECURSE files RELATIVE "${SRC_DIR}" "${SRC_DIR}/*")
list(SORT files)
set(arrays "")
set(rows "")
set(i 0)
foreach(f IN LISTS files)
  if(f MATCHES "(^|/)\\." OR f MATCHES "~$")
    continue()   # editor droppings and dot-files stay out
  endif()
  file(READ "${SRC_DIR}/${f}" hex HEX)
  file(SHA256 "${SRC_DIR}/${f}" sum)
  string(LENGTH "${hex}" hlen)
  math(EXPR len "${hlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "((0x..,){24})" "\\1\n\t" bytes "${bytes}")
  set(type "application/octet-stream")
  if(f MATCHES "\\.css$")
    set(type "text/css; charset=utf-8")
  elseif(f MATCHES "\\.m?js$")
    set(type "text/javascript; charset=utf-8")
  elseif(f MATCHES "\\.html$")
    set(type "text/html; charset=utf-8")
  elseif(f MATCHES "\\.svg$")
    set(type "image/svg+xml")
  elseif(f MATCHES "\\.png$")
    set(type "image/png")
  elseif(f MATCHES "\\.ico$")
    set(type "image/x-icon")
  elseif(f MATCHES "\\.woff2$")
    set(type "font/woff2")
  endif()
  string(APPEND arrays "static const unsigned char asset_${i}[] = {\n\t${bytes}0x00\n};\n")
  string(APPEND rows "\t{ \"${f}\", asset_${i}, ${len}, \"${type}\", \"${sum}\" },\n")
  math(EXPR i "${i} + 1")
endforeach()
set(c "/* Generated from web/ by cmake/embed_assets.cmake: do not edit. */\n")
string(APPEND c "#include \"web/assets.h\"\n\n${arrays}\n")
string(APPEND c "const struct web_asset web_assets[] = {\n${rows}\t{ 0 }\n};\n")
string(APPEND c "const size_t web_asset_count = ${i};\n")
file(WRITE "${OUT}" "${c}")
