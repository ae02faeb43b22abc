use xunjian_core::html::Document;
#[test]
fn dump() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/realpages/pages");
    std::fs::create_dir_all("/tmp/pagedump").unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let d = xunjian_core::decode::decode(&bytes, None);
        let url = url::Url::from_file_path(&p).unwrap();
        let doc = Document::parse(&d.text, &url);
        let name = p.file_name().unwrap().to_string_lossy().replace(".html", ".txt");
        std::fs::write(format!("/tmp/pagedump/{name}"), doc.text()).unwrap();
    }
}
