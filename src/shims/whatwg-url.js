// node-fetch 2 requires whatwg-url only as a fallback for runtimes without a URL class.
// Every VS Code extension host has Node's, so the bundle uses it instead of the ~280 KB package.
module.exports = { URL: require('url').URL };
