#!/bin/sh
# Copies the front-end files that the site serves from node_modules/ (installed by `npm ci` from
# package-lock.json) into static/vendor/, which is git-ignored. Used by `make install` and by the
# assets stage of deploy/Dockerfile, so development, CI and the image serve the same files.
#   sh deploy/vendor-assets.sh [NODE_MODULES] [DESTINATION]
set -eu
src="${1:-node_modules}"
dest="${2:-static/vendor}"

# The Tabler icons (outline, 24 px, stroke="currentColor") that static/css/site.css uses as masks.
ICONS="alert-circle alert-triangle circle-check info-circle logout search user world"

rm -rf "$dest"
mkdir -p "$dest/utrecht" "$dest/htmx" "$dest/icons"

# NL Design System: the Utrecht component library (EUPL-1.2). index.css styles all components
# (utrecht-button, ...); static/css/theme.css sets their tokens, static/css/site.css the rest.
utrecht="$src/@utrecht/component-library-css"
cp "$utrecht/dist/index.css" "$utrecht/LICENSE.md" "$dest/utrecht/"

# htmx 2 (BSD-0-Clause), served as /static/vendor/htmx/htmx.min.js.
cp "$src/htmx.org/dist/htmx.min.js" "$src/htmx.org/LICENSE" "$dest/htmx/"

# Tabler icons (MIT): only the few the site uses, as separate SVG files.
for icon in $ICONS; do
  cp "$src/@tabler/icons/icons/outline/$icon.svg" "$dest/icons/"
done
cp "$src/@tabler/icons/LICENSE" "$dest/icons/"
