import { mount } from 'svelte';
import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import App from './App.svelte';
import { loadMapLibre } from './map/maplibre.ts';

// Fetch and start MapLibre while the app shell renders (it is a separate chunk).
void loadMapLibre();

mount(App, { target: document.getElementById('app')! });
