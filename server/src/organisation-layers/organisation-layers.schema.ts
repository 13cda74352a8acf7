// Requests that change an organisation layer: publish or withdraw it, retitle or restyle it, delete it.
export { OrgLayerParams, OrgLayerPatch } from '../imports/imports.schema.js';
