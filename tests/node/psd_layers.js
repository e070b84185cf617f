// Print a PSD's layer tree as ag-psd (an independent PSD reader, npm) sees it, as JSON:
// node psd_layers.js FILE.psd  (NODE_PATH names the folder holding node_modules/ag-psd)
'use strict';
const fs = require('fs');
const { readPsd } = require('ag-psd');

function describe(layer) {
  const entry = { name: layer.name, hidden: !!layer.hidden };
  if (layer.children) entry.children = layer.children.map(describe);
  else entry.box = [layer.left, layer.top, layer.right, layer.bottom];
  if (layer.text) {
    const style = layer.text.style || {};
    entry.text = layer.text.text;
    entry.font = style.font && style.font.name;
    entry.fontSize = style.fontSize;
    entry.leading = style.leading;
    entry.tracking = style.tracking;
    entry.fillColor = style.fillColor;
    entry.justification = (layer.text.paragraphStyle || {}).justification;
    entry.transform = layer.text.transform;
  }
  if (layer.effects) {
    entry.effects = {};
    if (layer.effects.dropShadow) entry.effects.dropShadow = layer.effects.dropShadow.map(e => ({
      color: e.color, opacity: e.opacity, angle: e.angle, distance: e.distance, size: e.size, blendMode: e.blendMode }));
    if (layer.effects.stroke) entry.effects.stroke = layer.effects.stroke.map(e => ({
      color: e.color, size: e.size, position: e.position, enabled: e.enabled }));
  }
  return entry;
}

const psd = readPsd(fs.readFileSync(process.argv[2]), {
  skipLayerImageData: true, skipCompositeImageData: true, skipThumbnail: true,
});
process.stdout.write(JSON.stringify({ width: psd.width, height: psd.height,
  children: (psd.children || []).map(describe) }, null, 1) + '\n');
