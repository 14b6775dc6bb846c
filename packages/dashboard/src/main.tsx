// The dashboard's entry: the stylesheet (bundled beside the script) and the app in #app.
import './app.css';
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('app');
if (root) render(<App />, root);
