// Entry of the trial webview bundle (dist/webview.js, with its stylesheet dist/webview.css).
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { TrialView } from './app.js';

const root = document.getElementById('app');
if (root) new TrialView(root);
