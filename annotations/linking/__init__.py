"""Links between claims, and the related-passages index that suggests them."""
